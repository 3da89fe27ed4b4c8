using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// The calls the cluster caches make (list, watch, get) through KubernetesClient, which brings the configuration, the
/// credentials (service-account token refresh, client certificates, exec plugins) and TLS. Lists and gets are
/// KubernetesClient's typed calls, made through <see cref="CallAsync{T}"/>; the watch goes over the same HttpClient and
/// credentials because the AOT-compatible KubernetesClient.Aot package leaves its watcher out. Failures become
/// <see cref="ClusterApiException"/>; cancellation stays <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class ClusterApi : IDisposable
{
    private readonly bool _http2;

    public ClusterApi(KubernetesClientConfiguration configuration)
    {
        Client = new Kubernetes(configuration);
        _http2 = !configuration.DisableHttp2;
        Host = Client.BaseUri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The API server's address, for messages.</summary>
    public string Host { get; }

    /// <summary>The typed client, for lists and gets through <see cref="CallAsync{T}"/>.</summary>
    public Kubernetes Client { get; }

    /// <summary>Opens a watch of <paramref name="path"/> (<c>api/v1/namespaces</c>) from <paramref name="resourceVersion"/> that the API server ends after <paramref name="serverTimeout"/>.</summary>
    public async Task<ClusterWatch> WatchAsync(string path, string resourceVersion, TimeSpan serverTimeout, CancellationToken cancellationToken)
    {
        var query = $"{path}?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}&timeoutSeconds={(int)serverTimeout.TotalSeconds}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Client.BaseUri, query));
        if (_http2)
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
        }

        HttpResponseMessage? response = null;
        try
        {
            if (Client.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
            }

            response = await Client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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

    public void Dispose() => Client.Dispose();

    /// <summary>Makes one typed call; an error answer, an unreachable server or an unreadable answer is a <see cref="ClusterApiException"/>.</summary>
    public async Task<T> CallAsync<T>(Func<Task<T>> call)
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
