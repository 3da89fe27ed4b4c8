using Guardrails.EndToEnd.Harness;

namespace Guardrails.EndToEnd.Corpus;

/// <summary>
/// No patch of the mutating webhook is ever refused by the API server: a document the API server accepts with the
/// validating webhook alone must not become invalid (422) once the mutating webhook has patched it.
/// </summary>
[Collection(EndToEndSuite.Name)]
public sealed class PatchValidityTests(TestCluster cluster)
{
    public static TheoryData<string> Documents => CorpusData.WrittenDocumentKeys();

    [EndToEndTheory]
    [MemberData(nameof(Documents))]
    public async Task No_patch_is_refused_by_the_API_server(string document)
    {
        var corpus = await CorpusResults.OfAsync(cluster);
        var both = corpus.Both[document].Outcome;
        var validating = corpus.ValidatingOnly[document].Outcome;

        validating.Invalid.Should().BeFalse($"the API server accepts the fixture itself:\n{validating.Describe()}");
        both.Invalid.Should().BeFalse($"the mutating webhook's patch made the object invalid:\n{both.Describe()}\n\nwith the validating webhook alone:\n{validating.Describe()}");
    }

    [EndToEndFact]
    public async Task Only_the_declared_fixtures_are_refused_by_the_API_server_itself()
    {
        var corpus = await CorpusResults.OfAsync(cluster);

        var refused = corpus.ValidatingOnly.Items.Values.Where(i => i.Outcome.Invalid).Select(i => $"{i.Document.Source}#{i.Document.Index}").Distinct().Order(StringComparer.Ordinal);

        refused.Should().Equal(ApiRefusedDocuments.Declared.Keys.Order(StringComparer.Ordinal), "these fixtures are invalid Kubernetes objects: the API server refuses them before any validating webhook");
    }
}
