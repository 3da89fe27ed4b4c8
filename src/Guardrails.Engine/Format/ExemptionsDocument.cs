using System.ComponentModel.DataAnnotations;

namespace Guardrails.Engine.Format;

/// <summary>The central exemptions file (<c>kind: Exemptions</c>): who may skip which check, why, and until when.</summary>
public sealed record ExemptionsDocument
{
    /// <summary>Always <c>guardrails.dev/v1</c>.</summary>
    [Required]
    [RegularExpression("^guardrails\\.dev/v1$")]
    public string ApiVersion { get; init; } = "";

    /// <summary>Always <c>Exemptions</c>.</summary>
    [Required]
    [RegularExpression("^Exemptions$")]
    public string Kind { get; init; } = "";

    /// <summary>A name for the list.</summary>
    public PolicyMetadata? Metadata { get; init; }

    /// <summary>The entries.</summary>
    [Required]
    public ExemptionsSpec Spec { get; init; } = new();
}

/// <summary>The body of an exemptions file.</summary>
public sealed record ExemptionsSpec
{
    /// <summary>The entries.</summary>
    [Required]
    public List<ExemptionSpec> Exemptions { get; init; } = [];
}

/// <summary>One accountable exemption: a scope, an owner, a reason and an expiry date.</summary>
public sealed record ExemptionSpec
{
    /// <summary>The policy id exempted from.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    public string Policy { get; init; } = "";

    /// <summary>One rule of the policy; absent: every rule.</summary>
    public string? Rule { get; init; }

    /// <summary>Namespace globs (absent: all).</summary>
    public List<string>? Namespaces { get; init; }

    /// <summary>Object name globs (absent: all). Pods made by controllers carry generated suffixes: use <c>name-*</c>.</summary>
    public List<string>? Names { get; init; }

    /// <summary>Kinds (absent: all).</summary>
    public List<string>? Kinds { get; init; }

    /// <summary>Container name globs; the entry then applies only to container rules.</summary>
    public List<string>? Containers { get; init; }

    /// <summary>Image globs; the entry then applies only to container rules.</summary>
    public List<string>? Images { get; init; }

    /// <summary>
    /// When true the entry exempts nothing by itself: it allows objects in its scope to exempt themselves
    /// with the annotation <c>guardrails.dev/exempt.&lt;policy&gt;[.&lt;rule&gt;]: "&lt;reason&gt;"</c>.
    /// </summary>
    public bool AllowAnnotation { get; init; }

    /// <summary>Who answers for the exemption (team or person).</summary>
    [Required]
    public string Owner { get; init; } = "";

    /// <summary>Why it is needed.</summary>
    [Required]
    public string Reason { get; init; } = "";

    /// <summary>Last day (UTC) it applies, as YYYY-MM-DD.</summary>
    [Required]
    [RegularExpression("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    public string Expires { get; init; } = "";
}
