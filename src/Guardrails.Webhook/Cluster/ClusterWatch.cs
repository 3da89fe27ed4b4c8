using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Guardrails.Webhook.Cluster;

/// <summary>An open watch: newline-delimited events, read one at a time until the API server ends the stream.</summary>
internal sealed class ClusterWatch(HttpResponseMessage response, Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    /// <summary>The next event, its object read as <paramref name="type"/>, or null when the API server has ended the watch.</summary>
    public async Task<ClusterWatchEvent<T>?> ReadAsync<T>(JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new ClusterApiException($"the watch connection broke: {ClusterApi.Describe(ex)}", ex);
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length > 0)
            {
                return ClusterWatchEvent<T>.Parse(line, type);
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        response.Dispose();
    }
}
