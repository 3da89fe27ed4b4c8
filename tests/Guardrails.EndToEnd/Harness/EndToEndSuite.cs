namespace Guardrails.EndToEnd.Harness;

/// <summary>
/// Every test of the suite shares one API server (<see cref="TestCluster"/>), started once per run. The tests of the
/// collection run one after the other; each runs its own work in parallel where that is safe (the fixture corpus
/// creates its objects concurrently, in both webhook modes at once).
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<TestCluster>
{
    public const string Name = "end-to-end";
}
