using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Guardrails.Webhook.Cluster;

/// <summary>
/// Runs the source registered as <typeparamref name="TSource"/> with the host when it is a cluster cache (a hosted
/// service); a static source (<c>--no-cluster</c>) has nothing to run. The source is resolved at the start, not when
/// the host builds its list of services, so that reading the cluster configuration comes after the policies load.
/// </summary>
/// <typeparam name="TSource">The source's service type (namespace labels, autoscalers).</typeparam>
internal sealed class ClusterCacheService<TSource>(IServiceProvider services) : IHostedService
    where TSource : class
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<TSource>() is IHostedService cache ? cache.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        services.GetService<TSource>() is IHostedService cache ? cache.StopAsync(cancellationToken) : Task.CompletedTask;
}
