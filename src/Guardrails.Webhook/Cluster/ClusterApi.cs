using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Authentication;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// The calls the cluster caches and the audit make (list, get, watch, and the audit's writes) over the connection
/// <see cref="ClusterHttp"/> sets up from KubernetesClient's configuration, with KubernetesClient's credentials (service-account
/// token refresh, exec plugins, static tokens, basic auth). Answers are read as JSON into the few records the caches need
/// (<see cref="ClusterJsonContext"/>). Failures become <see cref="ClusterApiException"/>; cancellation stays
/// <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ClusterApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly ServiceClientCredentials? _credentials;
    private readonly bool _http2;
    private readonly TimeSpan _callTimeout;

    /// <exception cref="k8s.Exceptions.KubeConfigException">The configuration names no usable API server or client certificate.</exception>
    public ClusterApi(KubernetesClientConfiguration configuration)
    {
        BaseUri = ClusterHttp.BaseUri(configuration);
        Host = BaseUri.AbsoluteUri.TrimEnd('/');
        _http = ClusterHttp.CreateClient(configuration, BaseUri);
        _credentials = Kubernetes.CreateCredentials(configuration);
        _http2 = !configuration.DisableHttp2;
        _callTimeout = configuration.HttpClientTimeout;
    }

    /// <summary>The API server's address, for messages.</summary>
    public string Host { get; }

    /// <summary>The API server's address that paths are relative to; it ends in <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// Sends <paramref name="request"/> with the credentials, returning once the headers have arrived (the body is the
    /// caller's to read). A server that cannot be reached is an <see cref="HttpRequestException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        if (_credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one object or list (<paramref name="pathAndQuery"/>: <c>api/v1/namespaces?limit=500</c>) as <typeparamref name="T"/>.
    /// An error answer, an unreachable server, an answer that cannot be read or a call that outlasts the configuration's
    /// <see cref="KubernetesClientConfiguration.HttpClientTimeout"/> is a <see cref="ClusterApiException"/>.
    /// </summary>
    public async Task<T> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_callTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, pathAndQuery));
        request.Headers.Accept.ParseAdd("application/json");
        try
        {
            using var response = await SendAsync(request, limit.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false);
                throw ClusterApiException.FromResponse(response.StatusCode, body);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, type, limit.Token).ConfigureAwait(false)
                ?? throw new ClusterApiException("the API server's answer could not be read: it is null");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterApiException(null, $"the API server at {Host} did not answer within {_callTimeout.TotalSeconds:0.#} s");
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

    /// <summary>Opens a watch of <paramref name="path"/> (<c>api/v1/namespaces</c>) from <paramref name="resourceVersion"/> that the API server ends after <paramref name="serverTimeout"/>.</summary>
    public async Task<ClusterWatch> WatchAsync(string path, string resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var query = $"{path}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={(int)serverTimeout.TotalSeconds}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, query));
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => _http.Dispose();

    private ClusterApiException Unreachable(HttpRequestException exception) =>
        new(null, $"the API server at {Host} could not be reached: {Describe(exception)}", exception);
}
