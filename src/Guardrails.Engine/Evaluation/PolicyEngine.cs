using System.Numerics;
using System.Text.Json;
using Guardrails.Engine.Autoscaling;
using Guardrails.Engine.Exemptions;
using Guardrails.Engine.Format;
using Guardrails.Engine.Kinds;
using Guardrails.Engine.Matching;
using Guardrails.Engine.Policies;
using Guardrails.Schema;
using Guardrails.Engine.Templates;

namespace Guardrails.Engine.Evaluation;

/// <summary>
/// Judges objects against a policy set. Pure and thread-safe: the same request and date give the same result,
/// and a bad object yields errors in the result, never an exception.
/// </summary>
public sealed class PolicyEngine
{
    [ThreadStatic]
    private static EvaluationScratch? t_scratch;

    // The shortest time limit checked before each rule by the coarse clock (see EvaluateCore).
    private static readonly TimeSpan CoarseLimit = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;

    // The policies and each one's rules as arrays: walked without an enumerator per policy.
    private readonly Policy[] _policies;
    private readonly Rule[][] _rules;

    // The last AppliedPolicies built (AppliedPolicies); replaced whole, so threads never see it half-built.
    private AppliedIds? _lastApplied;

    // Built on the first evaluation, so that an engine that never judges a pod pays nothing for it; two threads that
    // build it at once build the same checks.
    private FusedChecks? _fused;

    /// <summary>Creates an engine over a loaded policy set.</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="exemptions">The central exemptions; none when null.</param>
    /// <param name="time">The clock that decides which exemptions have expired; the system clock when null.</param>
    public PolicyEngine(PolicySet policies, ExemptionSet? exemptions = null, TimeProvider? time = null)
    {
        Policies = policies;
        _policies = [.. policies.Policies];
        _rules = [.. _policies.Select(p => p.Rules.ToArray())];
        Exemptions = exemptions ?? ExemptionSet.Empty;
        _time = time ?? TimeProvider.System;
        Revision = Exemptions.Revision.Length == 0 ? policies.Revision : $"{policies.Revision}+{Exemptions.Revision}";
    }

    /// <summary>
    /// What decides this engine's verdicts: the policy set's revision, and the exemptions file's after a <c>+</c> when
    /// one is loaded (<c>126527cec871+3f0a9c2d71b4</c>). The facts of each request (namespace labels) and the date
    /// are not part of it.
    /// </summary>
    public string Revision { get; }

    /// <summary>
    /// Whether a target is first checked against every fusable rule at once (<see cref="FusedChecks"/>), and judged rule
    /// by rule only when it fails that check; off only for tests that compare the two paths.
    /// </summary>
    internal bool FusesRules { get; init; } = true;

    /// <summary>
    /// Whether a fix's patch builder walks each step from its target instead of from the object's root (the same
    /// member, reached without the walk above it); off only for tests that compare the two paths.
    /// </summary>
    internal bool PatchesFromTargets { get; init; } = true;

    /// <summary>The policies this engine applies.</summary>
    public PolicySet Policies { get; }

    /// <summary>The exemptions this engine honours.</summary>
    public ExemptionSet Exemptions { get; }

    /// <summary>Judges one request.</summary>
    public EvaluationResult Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return EvaluateCore(request);
        }
#pragma warning disable CA1031 // Whatever fails inside must come back as an error result, never as "allowed".
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new EvaluationResult
            {
                Errors = [new EvaluationError(null, null, $"internal error while evaluating: {ex.GetType().Name}: {ex.Message}")],
                Revision = Revision,
            };
        }
    }

    private EvaluationResult EvaluateCore(EvaluationRequest request)
    {
        var scope = SubResourceScopes.Of(request.SubResource);
        if (scope == SubResourceScope.NotJudged)
        {
            return EvaluationResult.Empty with { Revision = Revision };
        }

        var subjectObject = request.Object ?? (request.Operation == AdmissionOperation.Delete ? request.OldObject : null);
        if (subjectObject is not { } root)
        {
            return request.Operation is AdmissionOperation.Delete or AdmissionOperation.Connect
                ? EvaluationResult.Empty with { Revision = Revision }
                : Refused("the request carries no object");
        }

        if (root.ValueKind != JsonValueKind.Object || KnownNames.Field(root, "kind"u8) is not { Length: > 0 } kind)
        {
            return Refused("the object is not a Kubernetes object (it needs a string 'kind')");
        }

        // Judged as the API server stores it: a null field is absent (a null map entry is its zero value).
        root = StoredView.Of(root);
        if (ObjectShape.Problem(root, kind, wholeObject: scope != SubResourceScope.Scale) is { } shape)
        {
            // Fail closed: an object the rules cannot read as its kind's shape is refused, never passed unjudged.
            return Refused($"the object cannot be judged against the shape of its kind: {shape}");
        }

        root.TryGetProperty("metadata", out var metadata);
        var namespaceName = request.Namespace ?? ObjectTargets.StringField(metadata, "namespace") ?? string.Empty;
        var subject = new MatchSubject(kind, request.Operation, namespaceName, new ObjectLabels(metadata), request.NamespaceLabels);
        var hasPodSpec = PodSpecLocator.TryFind(kind, root, out var podSpecElement, out var podSpecPointer);
        JsonElement? podSpec = hasPodSpec ? podSpecElement : null;
        var annotations = new ObjectAnnotations(metadata, PodSpecLocator.TryFindTemplateMetadata(kind, root, out var template) ? template : null);
        var scratch = t_scratch ??= new EvaluationScratch();
        scratch.Memos.Clear();
        var targets = scratch.Targets;
        targets.Reset(root, podSpec, podSpecPointer, scope == SubResourceScope.EphemeralContainers ? ExistingEphemeralContainers(kind, request.OldObject) : null);
        // A scale request is denied, never rewritten: a webhook that raised replicas behind an autoscaler would fight it.
        FixSettings? fixing = scope == SubResourceScope.Scale ? null : new FixSettings(request.Operation, scope == SubResourceScope.EphemeralContainers, PatchesFromTargets);
        var fused = FusesRules ? _fused ??= new FusedChecks(Policies) : null;
        // A scale request sets the replicas the workload runs now: it is judged on them, never on an autoscaler's floor
        // (the autoscaler's own scale requests would otherwise be denied whenever its floor is too low, scale-ups included).
        var run = new Run(this, root, kind, namespaceName, metadata, targets, annotations, scratch, fixing,
            autoscaled: scope != SubResourceScope.Scale, request.Autoscalers, fused);

        // The clock is read only when the request has a time limit.
        var started = request.TimeLimit is null ? 0 : _time.GetTimestamp();
        var deadline = scratch.Validation.Deadline;
        if (request.TimeLimit is { } timeLimit)
        {
            deadline.Start(_time, started, timeLimit);
            scratch.Collecting.Deadline.Start(_time, started, timeLimit);
        }

        // Before each rule, the system clock is read coarsely (Environment.TickCount64: a variable, not a clock read,
        // a few milliseconds apart) when the limit is long enough for that to be exact enough; inside every rule the
        // deadline above still reads the exact clock. Another clock (a test's) is read exactly before each rule.
        var coarse = request.TimeLimit is { } longLimit && longLimit >= CoarseLimit && ReferenceEquals(_time, TimeProvider.System);
        var coarseStarted = coarse ? Environment.TickCount64 : 0;

        // What was being judged when the deadline passed: kept as references, spelled out only for that message.
        (Policy Policy, Rule Rule)? judging = null;
        var patching = false;
        try
        {
            var policies = _policies;
            for (var p = 0; p < policies.Length; p++)
            {
                var policy = policies[p];
                var policyMatch = policy.Matcher.Match(subject);
                if (!policyMatch.Applies)
                {
                    continue;
                }

                var applied = false;
                foreach (var rule in _rules[p])
                {
                    if (!SubResourceScopes.Judges(scope, rule.Target))
                    {
                        continue;
                    }

                    var ruleMatch = rule.Matcher is { } matcher ? matcher.Match(subject) : MatchOutcome.Yes;
                    if (!ruleMatch.Applies)
                    {
                        continue;
                    }

                    if (!applied)
                    {
                        run.Applied(p);
                        applied = true;
                    }

                    if (request.TimeLimit is { } limit && (coarse ? Environment.TickCount64 - coarseStarted > (long)limit.TotalMilliseconds : _time.GetElapsedTime(started) > limit))
                    {
                        return Failed($"the evaluation ran past its time limit of {limit.TotalMilliseconds:0} ms and was stopped before {policy.Id}/{rule.Id}");
                    }

                    var assumed = policyMatch.AssumedNamespaceLabels || ruleMatch.AssumedNamespaceLabels;
                    if (assumed)
                    {
                        run.Assume($"namespace labels of '{namespaceName}' are unknown: the namespaceSelector of {policy.Id}/{rule.Id} was assumed to match");
                    }

                    judging = (policy, rule);
                    run.Judge(policy, rule, assumed);
                }
            }

            patching = true;
            return run.Result(Revision);
        }
        catch (EvaluationDeadlineException ex)
        {
            // The deadline bounds every step, not only the gaps between rules: no partial verdict comes out.
            var where = patching ? " while building the patch" : judging is { } judged ? $" in {judged.Policy.Id}/{judged.Rule.Id}" : string.Empty;
            return Failed(ex.Message + where);
        }
        finally
        {
            deadline.Stop();
            scratch.Collecting.Deadline.Stop();
            targets.Release();
        }
    }

    // The policy ids of a result's AppliedPolicies, by the set of policies applied: the same policies apply to most
    // requests, and the list is read-only, so results share it.
    private IReadOnlyList<string> AppliedPolicies(ulong applied)
    {
        if (_lastApplied is { } last && last.Mask == applied)
        {
            return last.Ids;
        }

        var ids = new List<string>(BitOperations.PopCount(applied));
        for (var rest = applied; rest != 0; rest &= rest - 1)
        {
            ids.Add(_policies[BitOperations.TrailingZeroCount(rest)].Id);
        }

        var kept = new AppliedIds(applied, ids.AsReadOnly());
        _lastApplied = kept;
        return kept.Ids;
    }

    private sealed record AppliedIds(ulong Mask, IReadOnlyList<string> Ids);

    // An ephemeral container already in the pod was admitted when it was added; only the new ones are judged.
    private static HashSet<string> ExistingEphemeralContainers(string kind, JsonElement? oldObject)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (oldObject is { } old && PodSpecLocator.TryFind(kind, old, out var spec, out _)
            && spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("ephemeralContainers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in list.EnumerateArray())
            {
                if (ObjectTargets.StringField(container, "name") is { } name)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private EvaluationResult Failed(string message) =>
        new() { Errors = [new EvaluationError(null, null, message)], Revision = Revision };

    private EvaluationResult Refused(string message) =>
        new() { Errors = [new EvaluationError(null, null, message) { ObjectRefused = true }], Revision = Revision };

    /// <summary>Per-thread buffers reused across evaluations to keep the hot path allocation-light.</summary>
    private sealed class EvaluationScratch
    {
        public ValidationContext Validation { get; } = new();

        /// <summary>Records every failure: for finding the one a request brought among those already there.</summary>
        public ValidationContext Collecting { get; } = new(collectAll: true);

        /// <summary>What the rules found in the pod spec and each container, shared among them.</summary>
        public TargetMemos Memos { get; } = new();

        /// <summary>The targets of the object being judged.</summary>
        public ObjectTargets Targets { get; } = new();
    }

    /// <summary>How fixes are planned for one evaluation (none for a scale request).</summary>
    private readonly record struct FixSettings(AdmissionOperation Operation, bool EphemeralContainers, bool StartsAtTargets);

    /// <summary>The state of one evaluation (<c>autoscaled</c> is false for a scale request, judged on the replicas it sets).</summary>
    private sealed class Run(
        PolicyEngine engine,
        JsonElement root,
        string kind,
        string namespaceName,
        JsonElement metadata,
        ObjectTargets objectTargets,
        ObjectAnnotations annotations,
        EvaluationScratch scratch,
        FixSettings? fixing,
        bool autoscaled,
        IReadOnlyList<Autoscaler>? autoscalers,
        FusedChecks? fused)
    {
        private FixPlanner? _fixes;

        // Made on first use: a compliant object needs none of them.
        private List<Violation>? _violations;
        private List<ExemptionUse>? _exemptions;
        private List<string>? _assumptions;
        private List<EvaluationError>? _errors;
        private ExemptionResolver? _exemptionResolver;
        private AutoscalerContext? _autoscaling;
        private string? _objectName;

        // The policies applied, a bit each by their index; in a list instead when there are more than 64 policies.
        private ulong _applied;
        private List<string>? _appliedBeyond;

        private ExemptionResolver Exemptions => _exemptionResolver ??= new ExemptionResolver(engine.Exemptions, engine._time);

        private AutoscalerContext Autoscaling => _autoscaling ??= new AutoscalerContext(autoscalers, metadata);

        private string ObjectName => _objectName ??= ObjectTargets.StringField(metadata, "name") ?? ObjectTargets.StringField(metadata, "generateName") ?? string.Empty;

        // Built on the first fix: an object that needs none never pays for the planner.
        private FixPlanner? Fixes => fixing is { } settings
            ? _fixes ??= new FixPlanner(root, kind, settings.Operation, settings.EphemeralContainers, objectTargets, settings.StartsAtTargets)
            : null;

        public void Applied(int policy)
        {
            if (engine._policies.Length <= 64)
            {
                _applied |= 1UL << policy;
            }
            else
            {
                (_appliedBeyond ??= new List<string>(engine._policies.Length)).Add(engine._policies[policy].Id);
            }
        }

        public void Assume(string assumption) => (_assumptions ??= []).Add(assumption);

        public void Judge(Policy policy, Rule rule, bool assumed)
        {
            var validation = scratch.Validation;
            if (rule.WhenPod is { } whenPod)
            {
                try
                {
                    validation.Reset();
                    if (objectTargets.PodSpec is not { } podSpec)
                    {
                        return;
                    }

                    validation.RootMembers = scratch.Memos.For(RuleTarget.Pod, podSpec);
                    if (!whenPod.Validate(podSpec.Element, validation))
                    {
                        return;
                    }
                }
                catch (SchemaEvaluationException ex)
                {
                    (_errors ??= []).Add(new EvaluationError(policy.Id, rule.Id, $"whenPod: {ex.Message}"));
                    return;
                }
            }

            // Once every target of a fusable rule is known to pass the fused check, the rule has nothing to report.
            if (fused is not null && FusedChecks.IsFusable(rule) && (scratch.Memos.SlotsOf(rule, objectTargets) & ~scratch.Memos.Passing) == 0)
            {
                return;
            }

            var selected = objectTargets.For(rule);
            if (rule.ScaledBy is { } scaledBy && autoscaled
                && Autoscaled(policy, rule, scaledBy, selected, out var viewed) is { } autoscaler)
            {
                foreach (var target in viewed!)
                {
                    JudgeTarget(policy, rule, target, assumed, autoscaler);
                }

                return;
            }

            foreach (var target in selected)
            {
                JudgeTarget(policy, rule, target, assumed, autoscaler: null);
            }
        }

        private void JudgeTarget(Policy policy, Rule rule, Target target, bool assumed, Autoscaler? autoscaler)
        {
            var validation = scratch.Validation;
            validation.Step();
            // An autoscaled target is a copy of the object: only the object's own targets share what was found in them.
            var members = autoscaler is null ? scratch.Memos.For(rule.Target, target) : null;
            if (members is not null && FusedChecks.IsFusable(rule) && PassesFusedRules(rule.Target, target, members))
            {
                return;
            }

            try
            {
                validation.Reset();
                validation.RootMembers = members;
                if (rule.When is { } when && !when.Validate(target.Element, validation))
                {
                    return;
                }

                validation.Reset();
                validation.RootMembers = members;
                if (rule.Schema.Validate(target.Element, validation))
                {
                    return;
                }
            }
            catch (SchemaEvaluationException ex)
            {
                (_errors ??= []).Add(new EvaluationError(policy.Id, rule.Id, $"{target.Pointer}: {ex.Message}"));
                return;
            }

            var failure = validation.Failures.Count > 0 ? validation.Failures[0] : new SchemaFailure(string.Empty, "does not satisfy the rule");
            if (rule.Target == RuleTarget.Pod && objectTargets.OnlyNewEphemeral)
            {
                if (NewEphemeralFailure(rule, target, failure) is not { } brought)
                {
                    return;
                }

                failure = brought;
            }

            Report(policy, rule, target, failure, assumed, autoscaler);
        }

        // Whether the target passes every fusable rule that can judge it, asked once per target: when it does, so does
        // the rule judging it now; when it does not, or the check cannot finish, each rule judges it on its own.
        private bool PassesFusedRules(RuleTarget kind, in Target target, MemberMemo members)
        {
            if (scratch.Memos.Verdict(target.Slot) is { } known)
            {
                return known;
            }

            var passes = false;
            if (fused?.For(kind, target) is { } check)
            {
                var validation = scratch.Validation;
                validation.Reset();
                validation.RootMembers = members;
                try
                {
                    passes = check.Matches(target.Element, validation);
                }
                catch (SchemaEvaluationException)
                {
                    // The rules will meet the same time-out one by one, and each records it as its own error.
                    passes = false;
                }
            }

            scratch.Memos.Keep(target.Slot, passes);
            return passes;
        }

        // Adding ephemeral containers answers only for what they bring: a failure inside one of them. When the first
        // failure lies elsewhere (it was there when the pod was admitted), every failure is collected to find one.
        private SchemaFailure? NewEphemeralFailure(Rule rule, Target target, SchemaFailure first)
        {
            if (objectTargets.InNewEphemeralContainer(target.Pointer + first.Pointer))
            {
                return first;
            }

            var collecting = scratch.Collecting;
            collecting.Reset();
            try
            {
                rule.Schema.Validate(target.Element, collecting);
            }
            catch (SchemaEvaluationException)
            {
                // Fail closed: when the failures cannot all be collected, the first one stands.
                return first;
            }

            foreach (var failure in collecting.Failures)
            {
                if (objectTargets.InNewEphemeralContainer(target.Pointer + failure.Pointer))
                {
                    return failure;
                }
            }

            return null;
        }

        // The autoscaler that scales the object, with the rule's target replaced by the object as the autoscaler keeps it;
        // null when none does. Unknown autoscalers leave the object's own count to be judged, and the result says so.
        private Autoscaler? Autoscaled(Policy policy, Rule rule, ScaledBy scaledBy, ObjectTargets.TargetSelection targets, out List<Target>? viewed)
        {
            viewed = null;
            if (autoscalers is null)
            {
                Assume($"autoscalers of '{namespaceName}' are unknown: {policy.Id}/{rule.Id} judged the object's own {scaledBy.Pointer}");
                return null;
            }

            // No autoscaler known (the usual case) scales nothing: the context is not even made.
            var autoscaling = autoscalers.Count == 0 ? null : Autoscaling;
            if (autoscaling?.Find(namespaceName, root, kind) is not { } autoscaler)
            {
                return null;
            }

            // The shared targets stay as they are: this rule judges copies.
            viewed = [];
            foreach (var target in targets)
            {
                viewed.Add(target with { Element = autoscaling.View(scaledBy, target.Element, autoscaler) });
            }

            return autoscaler;
        }

        private void Report(Policy policy, Rule rule, Target target, SchemaFailure failure, bool assumed, Autoscaler? autoscaler)
        {
            var pointer = target.Pointer + failure.Pointer;
            var exemptions = Exemptions;
            if (exemptions.MayExempt(annotations)
                && exemptions.IsExempt(policy, rule, new ExemptionSubject(kind, namespaceName, ObjectName, target.ContainerName, target.Image), pointer, annotations, _exemptions ??= []))
            {
                return;
            }

            var scope = new TemplateScope(target.Element, root, kind, namespaceName, target.ContainerType, pointer, autoscaler);
            var (message, remediation, fix) = autoscaler is not null && rule.ScaledBy is { } scaledBy
                // The autoscaler sets the count: a mutation that wrote it would fight the autoscaler, so the fix is its floor.
                ? (scaledBy.Message.Render(scope), scaledBy.Remediation ?? rule.Remediation, new PlannedFix([], [], rule.CanMutate ? scaledBy.Withheld(autoscaler) : null))
                : (rule.Message.Render(scope), rule.Remediation, rule.CanMutate && Fixes is { } fixes ? fixes.Plan(policy.Id, rule, target, scope) : default);
            var autoscalersUnknown = rule.ScaledBy is not null && autoscaled && autoscalers is null;
            IReadOnlyList<string> assumptions = !assumed && !autoscalersUnknown ? [] : [
                .. assumed ? [$"namespace labels of '{namespaceName}' are unknown; the namespaceSelector was assumed to match"] : Array.Empty<string>(),
                .. autoscalersUnknown ? [$"autoscalers of '{namespaceName}' are unknown; the object's own {rule.ScaledBy!.Pointer} was judged"] : Array.Empty<string>(),
            ];

            (_violations ??= []).Add(new Violation(
                policy.Id, rule.Id, rule.Action, rule.Severity, policy.Category, message, remediation,
                pointer, failure.Message, target.ContainerName, target.ContainerType, fix.Patch ?? [], assumptions)
            {
                Changes = fix.Changes ?? [],
                FixWithheld = fix.Withheld,
            });
        }

        public EvaluationResult Result(string revision)
        {
            var (combined, changes) = _fixes?.Combined() ?? ([], []);
            return new EvaluationResult
            {
                Violations = (IReadOnlyList<Violation>?)_violations ?? [],
                Exemptions = (IReadOnlyList<ExemptionUse>?)_exemptions ?? [],
                Assumptions = _assumptions is null ? [] : _assumptions.Distinct().ToArray(),
                AppliedPolicies = (IReadOnlyList<string>?)_appliedBeyond ?? engine.AppliedPolicies(_applied),
                Errors = (IReadOnlyList<EvaluationError>?)_errors ?? [],
                Patch = combined,
                Changes = changes,
                Revision = revision,
            };
        }
    }
}
