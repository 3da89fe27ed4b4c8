using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Guardrails.Webhook.Cluster;

namespace Guardrails.Webhook.Audit;

/// <summary>
/// Plain JSON calls to the API server over the client's connection and credentials (as <see cref="ClusterApi.WatchAsync"/>
/// makes them): lists of any kind read as JSON, without a typed model, and the writes of the policy reports. Each call has
/// a time limit; an error answer, an unreachable server or a call that outlasts its limit is a <see cref="ClusterApiException"/>
/// whose message names the verb and the resource. With a <paramref name="limiter"/>, each call waits for its permit first, so
/// an audit that runs in the background never sends the API server more than its rate.
/// </summary>
internal sealed class ClusterRest(ClusterApi api, TimeSpan timeout, RateLimiter? limiter = null)
{
    /// <summary>The API server's address, for messages.</summary>
    public string Host => api.Host;

    /// <summary>The time one call may take.</summary>
    public TimeSpan Timeout => timeout;

    /// <summary>
    /// Sends one request; answers in <paramref name="accepted"/> (besides success) come back as they are, every other error
    /// answer is a <see cref="ClusterApiException"/> that starts with <paramref name="what"/> (<c>list deployments.apps</c>).
    /// </summary>
    public async Task<ClusterAnswer> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string what, CancellationToken cancellationToken, params HttpStatusCode[] accepted)
    {
        using var permit = limiter is null ? null : await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, new Uri(api.BaseUri, pathAndQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await api.SendAsync(request, limit.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && Array.IndexOf(accepted, response.StatusCode) < 0)
            {
                var failure = ClusterApiException.FromResponse(response.StatusCode, System.Text.Encoding.UTF8.GetString(bytes));
                throw new ClusterApiException(response.StatusCode, $"cannot {what}: {failure.Message}", failure);
            }

            return new ClusterAnswer(response.StatusCode, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterApiException(null, $"cannot {what}: the API server at {api.Host} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            throw new ClusterApiException(null, $"cannot {what}: the API server at {api.Host} could not be reached: {ClusterApi.Describe(ex)}", ex);
        }
    }
}
