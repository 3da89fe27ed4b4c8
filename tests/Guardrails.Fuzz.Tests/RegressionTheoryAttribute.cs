using Xunit.Abstractions;
using Xunit.Sdk;

namespace Guardrails.Fuzz.Tests;

/// <summary>
/// A theory over kept fuzz inputs (target, file) whose rows listed in <c>known-open.txt</c> are skipped, each with
/// the reason given there, until the fix merges and the line is deleted.
/// </summary>
[XunitTestCaseDiscoverer("Guardrails.Fuzz.Tests.RegressionTheoryDiscoverer", "Guardrails.Fuzz.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RegressionTheoryAttribute : TheoryAttribute
{
}

/// <summary>Discovers <see cref="RegressionTheoryAttribute"/> rows, skipping the known-open ones.</summary>
public sealed class RegressionTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        ArgumentNullException.ThrowIfNull(dataRow);
        return dataRow is [string target, string file, ..] && KeptInputs.KnownOpen.TryGetValue($"{target}/{file}", out var reason)
            ? [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, $"known open, see Regressions/{KeptInputs.KnownOpenFile}: {reason}", dataRow)]
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }
}
