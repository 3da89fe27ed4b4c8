using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Guardrails.EndToEnd.Kubernetes;

/// <summary>
/// The API server over its REST interface, as the admin user. Raw HTTP on purpose: the tests need exactly what the
/// API server answered (status code, Status object, and each admission warning as the <c>Warning</c> header carries
/// it), for JSON the fixtures produced, without a typed client in between.
/// </summary>
internal sealed partial class ApiServer(HttpClient http) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<ApiResource>>> _discovery = new(StringComparer.Ordinal);

    public Uri Address => http.BaseAddress!;

    public static ApiServer Create(HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ApiServer(http);
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ApiResponse((int)response.StatusCode, text, WarningTexts(response));
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<ApiResponse> PatchAsync(string path, JsonNode patch, PatchType type) =>
        SendAsync(HttpMethod.Patch, path, patch, type switch
        {
            PatchType.Json => "application/json-patch+json",
            PatchType.Merge => "application/merge-patch+json",
            _ => "application/strategic-merge-patch+json",
        });

    /// <summary>POSTs <paramref name="obj"/> to its collection (in its metadata.namespace).</summary>
    public async Task<ApiResponse> CreateAsync(JsonObject obj, bool dryRun = false)
    {
        var path = await CollectionPathAsync(obj);
        return await SendAsync(HttpMethod.Post, dryRun ? path + "?dryRun=All" : path, obj);
    }

    /// <summary>The path of the object itself (its collection and metadata.name).</summary>
    public async Task<string> ObjectPathAsync(JsonObject obj) => $"{await CollectionPathAsync(obj)}/{Name(obj)}";

    public async Task<string> CollectionPathAsync(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var kind = obj["kind"]!.GetValue<string>();
        var resource = await ResourceAsync(apiVersion, kind);
        var root = apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        return resource.Namespaced ? $"{root}/namespaces/{Namespace(obj)}/{resource.Name}" : $"{root}/{resource.Name}";
    }

    /// <summary>The resource serving <paramref name="kind"/>, from the API server's discovery.</summary>
    public async Task<ApiResource> ResourceAsync(string apiVersion, string kind)
    {
        var resources = await _discovery.GetOrAdd(apiVersion, DiscoverAsync);
        return resources.FirstOrDefault(r => r.Kind == kind)
            ?? throw new InvalidOperationException($"the API server serves no kind {kind} in {apiVersion}");
    }

    /// <summary>Creates a namespace with <paramref name="labels"/> and its "default" ServiceAccount (no controller-manager runs to make it).</summary>
    public async Task CreateNamespaceAsync(string name, IReadOnlyDictionary<string, string> labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelObject },
        });
        Require(created, $"create namespace {name}");
        var account = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{name}/serviceaccounts", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = "default" },
        });
        Require(account, $"create the default ServiceAccount of namespace {name}");
    }

    /// <summary>Sets (value) or removes (null) labels of a namespace.</summary>
    public async Task LabelNamespaceAsync(string name, IReadOnlyDictionary<string, string?> labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        Require(await PatchAsync($"/api/v1/namespaces/{name}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labelObject } }, PatchType.Merge), $"label namespace {name}");
    }

    public async Task<bool> ReadyAsync()
    {
        try
        {
            return (await GetAsync("/readyz")).Status == 200;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public static ApiResponse Require(ApiResponse response, string what) =>
        response.IsSuccess ? response : throw new InvalidOperationException($"{what} failed: {response.Describe()}");

    public static string Name(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? throw new InvalidOperationException("the object has no metadata.name");

    public static string Namespace(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>() ?? "default";

    public void Dispose() => http.Dispose();

    private async Task<IReadOnlyList<ApiResource>> DiscoverAsync(string apiVersion)
    {
        var path = apiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var list = Require(await GetAsync(path), $"discover {apiVersion}").Json!["resources"]!.AsArray();
        return [.. list
            .Select(r => r!.AsObject())
            .Where(r => !r["name"]!.GetValue<string>().Contains('/', StringComparison.Ordinal))
            .Select(r => new ApiResource(r["name"]!.GetValue<string>(), r["kind"]!.GetValue<string>(), r["namespaced"]!.GetValue<bool>()))];
    }

    // The API server sends each admission warning as its own header: Warning: 299 - "text" (RFC 7234, quotes escaped).
    private static List<string> WarningTexts(HttpResponseMessage response)
    {
        var texts = new List<string>();
        if (response.Headers.NonValidated.TryGetValues("Warning", out var values))
        {
            foreach (var value in values)
            {
                var match = WarningHeader().Match(value);
                texts.Add(match.Success ? Unescape().Replace(match.Groups["text"].Value, "$1") : value);
            }
        }

        return texts;
    }

    [GeneratedRegex("""^\d{3} \S+ "(?<text>(?:[^"\\]|\\.)*)"(?: .*)?$""")]
    private static partial Regex WarningHeader();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Unescape();
}
