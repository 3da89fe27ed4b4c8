using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Guardrails.Webhook.Namespaces;

/// <summary>
/// The calls the namespace cache makes (list, watch, get) through KubernetesClient, which brings the configuration,
/// the credentials (service-account token refresh, client certificates, exec plugins) and TLS. List and get are
/// KubernetesClient's typed calls; the watch goes over the same HttpClient and credentials because the
/// AOT-compatible KubernetesClient.Aot package leaves its watcher out. Failures become <see cref="ClusterApiException"/>;
/// cancellation stays <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ClusterNamespaceApi : IDisposable
{
    private readonly Kubernetes _client;
    private readonly bool _http2;

    public ClusterNamespaceApi(KubernetesClientConfiguration configuration)
    {
        _client = new Kubernetes(configuration);
        _http2 = !configuration.DisableHttp2;
        Host = _client.BaseUri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The API server's address, for messages.</summary>
    public string Host { get; }

    /// <summary>Every namespace, in pages of one snapshot, and the snapshot's resourceVersion to watch from.</summary>
    public async Task<(List<V1Namespace> Items, string ResourceVersion)> ListAsync(int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<V1Namespace>();
        string? continueToken = null;
        while (true)
        {
            var page = await CallAsync(() => _client.CoreV1.ListNamespaceAsync(continueParameter: continueToken, limit: pageSize, cancellationToken: cancellationToken)).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            continueToken = page.Metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(continueToken))
            {
                var resourceVersion = page.Metadata?.ResourceVersion;
                return string.IsNullOrEmpty(resourceVersion)
                    ? throw new ClusterApiException("the namespace list came without a resourceVersion")
                    : (items, resourceVersion);
            }
        }
    }

    /// <summary>One namespace, or null when the API server says it does not exist (404).</summary>
    public async Task<V1Namespace?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(() => _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (ClusterApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Opens a watch from <paramref name="resourceVersion"/> that the API server ends after <paramref name="serverTimeout"/>.</summary>
    public async Task<ClusterWatch> WatchAsync(string resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var query = $"api/v1/namespaces?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={(int)serverTimeout.TotalSeconds}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, query));
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        HttpResponseMessage? response = null;
        try
        {
            if (_client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
            }

            response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw ClusterApiException.FromResponse(response.StatusCode, body);
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var watch = new ClusterWatch(response, stream);
            response = null;
            return watch;
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>An exception's message with the inner one that says what actually went wrong (TLS, DNS, sockets).</summary>
    public static string Describe(Exception exception) =>
        exception is not ClusterApiException && exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;

    public void Dispose() => _client.Dispose();

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response is { } response)
        {
            throw ClusterApiException.FromResponse(response.StatusCode, response.Content, ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (JsonException ex)
        {
            throw new ClusterApiException($"the API server's answer could not be read: {ex.Message}", ex);
        }
    }

    private ClusterApiException Unreachable(HttpRequestException exception) =>
        new(null, $"the API server at {Host} could not be reached: {Describe(exception)}", exception);
}
