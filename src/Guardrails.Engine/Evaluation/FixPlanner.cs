using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Engine.Format;
using Guardrails.Engine.Json;
using Guardrails.Engine.Patching;
using Guardrails.Engine.Policies;
using Guardrails.Engine.Templates;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// Decides, for one evaluation, which violations the mutating webhook fixes and how. A fix fills in absent fields
/// only; it is withheld when the object it would produce is one the API server refuses (a field that cannot change
/// on UPDATE, a container the API server's validation rejects), so the user gets the guardrails verdict and its
/// remediation instead of a 422. Fixes are accepted in violation order, and each container is checked with every
/// fix accepted before it, so the combined patch is valid too.
/// </summary>
internal sealed class FixPlanner(JsonElement root, string kind, AdmissionOperation operation, bool ephemeralContainers, ObjectTargets targets, bool startsAtTargets = true)
{
    private readonly WrittenFields _written = new(root, operation);
    // What the fixes accepted so far write into each container, in order: the container as they leave it.
    private readonly Dictionary<string, List<ContainerWrite>> _containers = new(StringComparer.Ordinal);

    // Fields set by accepted fixes: the combined patch sets each once, by the first fix, as its builder does.
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    // The steps of each accepted fix, with their values as rendered for its violation: the combined patch replays them.
    private readonly List<(string PolicyId, Rule Rule, Target Target, List<ResolvedStep> Steps)> _accepted = [];

    /// <summary>The fix of one violation, against the original object.</summary>
    public PlannedFix Plan(string policyId, Rule rule, Target target, in TemplateScope scope)
    {
        var builder = new PatchBuilder(root, _written, startsAtTargets);
        var changes = new List<FieldChange>();
        var filling = new List<ResolvedStep>();
        string? kept = null;
        foreach (var resolved in Steps(rule, target, scope))
        {
            var step = builder.Apply(resolved);
            if (step.Change is { } change)
            {
                changes.Add(WithContainer(change, target));
                filling.Add(resolved);
            }
            else
            {
                kept ??= step.Kept;
            }
        }

        if (changes.Count == 0)
        {
            return new PlannedFix([], [], kept is null ? null : Kept(kept));
        }

        if (Refusal(changes, filling) is { } refusal)
        {
            return new PlannedFix([], [], refusal);
        }

        _accepted.Add((policyId, rule, target, filling));
        return new PlannedFix(builder.Operations, changes, null);
    }

    // Only a field the API server defaults before admission can be present without being written.
    private string Kept(string pointer) => _written.Unprovable && ApiServerRules.DefaultedBeforeAdmission(kind, pointer)
        ? $"{pointer} is written, and a mutation never rewrites a written value (a create that is not an apply cannot show that the API server defaulted it: apply the manifest, or write the value you need)"
        : $"{pointer} is written, and a mutation never rewrites a written value";

    /// <summary>Every accepted fix as one RFC 6902 patch, and each field it fills in with the rule it is for.</summary>
    public (IReadOnlyList<PatchOperation> Patch, IReadOnlyList<AppliedChange> Changes) Combined()
    {
        if (_accepted.Count == 0)
        {
            return ([], []);
        }

        var builder = new PatchBuilder(root, _written, startsAtTargets);
        var applied = new List<AppliedChange>();
        foreach (var (policyId, rule, target, steps) in _accepted)
        {
            foreach (var resolved in steps)
            {
                if (builder.Apply(resolved).Change is { } change)
                {
                    applied.Add(new AppliedChange(policyId, rule.Id, WithContainer(change, target)));
                }
            }
        }

        return (builder.Operations, applied);
    }

    private FieldChange WithContainer(FieldChange change, Target target) =>
        change with { Container = target.ContainerName, ContainerType = target.ContainerType, OnlyWhenApplied = ApiServerRules.DefaultedBeforeAdmission(kind, change.Pointer) };

    private static List<ResolvedStep> Steps(Rule rule, Target target, in TemplateScope scope)
    {
        var mutations = rule.Mutations;
        var steps = new List<ResolvedStep>(mutations.Count);
        var pointer = target.Pointer;
        if (ResolvedStep.IsPointer(pointer))
        {
            for (var i = 0; i < mutations.Count; i++)
            {
                if (mutations[i].ValueFor(scope) is { } value)
                {
                    steps.Add(new ResolvedStep(pointer, target.Element, value, mutations[i]));
                }
            }
        }

        return steps;
    }

    // Why the API server would refuse the object with these changes (beside the fixes accepted so far); null when
    // it would not. A reason the container was refused for before the changes is not this fix's doing.
    private string? Refusal(List<FieldChange> changes, List<ResolvedStep> steps)
    {
        foreach (var change in changes)
        {
            if (ApiServerRules.ObjectRefusal(kind, root, change) is { } objectRefusal)
            {
                return objectRefusal;
            }
        }

        if (operation == AdmissionOperation.Update)
        {
            foreach (var change in changes)
            {
                if (ApiServerRules.ImmutableOnUpdate(kind, change.Pointer, ephemeralContainers) is { } immutable)
                {
                    return immutable;
                }
            }
        }

        // Most fixes change one container: the list of changed containers is made only for a fix that changes one.
        List<(Target Container, List<ContainerWrite> Writes)>? changed = null;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (_set.Contains(change.Pointer) || targets.ContainerAt(change.Pointer) is not { } container)
            {
                continue;
            }

            changed ??= [];
            var at = 0;
            while (at < changed.Count && changed[at].Container.Pointer != container.Pointer)
            {
                at++;
            }

            if (at == changed.Count)
            {
                changed.Add((container, []));
            }

            changed[at].Writes.Add(Write(change.Pointer[(container.Pointer.Length + 1)..], steps[i]));
        }

        if (changed is not null)
        {
            foreach (var (container, writes) in changed)
            {
                if (NewRefusal(container, writes) is { } refusal)
                {
                    return refusal;
                }
            }

            foreach (var (container, writes) in changed)
            {
                Accepted(container).AddRange(writes);
            }
        }

        foreach (var change in changes)
        {
            _set.Add(change.Pointer);
        }

        return null;
    }

    // The step's last tokens are those of its field below the container: as many as the relative pointer has.
    private static ContainerWrite Write(string relativePointer, ResolvedStep step)
    {
        var count = relativePointer.AsSpan().Count('/') + 1;
        var below = step.Mutation.Tokens;
        return new(count <= below.Length ? below[^count..] : step.Tokens[^count..], step.Value);
    }

    // The first reason the API server would refuse the container with these writes that it did not refuse it for before.
    private string? NewRefusal(Target container, List<ContainerWrite> writes)
    {
        var accepted = Accepted(container);
        if (ApiServerRules.TryNewContainerRefusalInPlace(container.Element, container.ContainerType, accepted, writes, out var inPlace))
        {
            return inPlace;
        }

        List<ContainerWrite> after = [.. accepted, .. writes];
        var refusedBefore = ApiServerRules.ContainerRefusals(Tree(container, accepted), container.ContainerType).ToList();
        foreach (var refusal in ApiServerRules.ContainerRefusals(Tree(container, after), container.ContainerType))
        {
            if (!refusedBefore.Contains(refusal))
            {
                return refusal;
            }
        }

        return null;
    }

    // The fields of the container that the API server's container rules read, with the writes made: for a write that
    // cannot be read in place.
    private static JsonNode? Tree(Target container, List<ContainerWrite> writes)
    {
        var node = JsonNodes.From(container.Element, ApiServerRules.ContainerFieldsRead(container.ContainerType));
        foreach (var write in writes)
        {
            JsonNodes.Set(node, write.Tokens, write.Value);
        }

        return node;
    }

    private List<ContainerWrite> Accepted(Target container)
    {
        if (!_containers.TryGetValue(container.Pointer, out var writes))
        {
            writes = [];
            _containers[container.Pointer] = writes;
        }

        return writes;
    }
}
