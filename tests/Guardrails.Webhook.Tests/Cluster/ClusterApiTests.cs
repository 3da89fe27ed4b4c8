using System.Net;
using Guardrails.Webhook.Cluster;
using Guardrails.Webhook.Tests.Hosting;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Guardrails.Webhook.Tests.Cluster;

/// <summary>
/// Reads of one object or list through <see cref="ClusterApi.GetAsync"/> against a real HTTP server on 127.0.0.1: only the
/// members the records name are read, and every answer that is not the object is a <see cref="ClusterApiException"/> that
/// says why.
/// </summary>
public sealed class ClusterApiTests
{
    [Fact]
    public async Task A_namespace_is_read_with_its_labels_and_every_other_member_is_skipped()
    {
        var found = await Get(200, """
            {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","uid":"8f0e","resourceVersion":"41",
             "creationTimestamp":"2026-12-04T07:00:00Z","labels":{"team":"payments"},"managedFields":[{"manager":"kubectl"}]},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
            """);

        found.Name.Should().Be("shop");
        found.Metadata!.ResourceVersion.Should().Be("41");
        found.Metadata.Labels.Should().Equal(new Dictionary<string, string> { ["team"] = "payments" });
    }

    [Theory]
    [InlineData("""{"metadata":{"name":7}}""", "the API server's answer could not be read: The JSON value could not be converted to * Path: $.metadata.name *")]
    [InlineData("""{"metadata":{"name":"shop""", "the API server's answer could not be read: *")]
    [InlineData("null", "the API server's answer could not be read: it is null")]
    public async Task An_answer_that_is_not_the_object_says_it_could_not_be_read(string body, string message)
    {
        var get = () => Get(200, body);

        (await get.Should().ThrowAsync<ClusterApiException>()).WithMessage(message).Which.StatusCode.Should().BeNull();
    }

    [Fact]
    public async Task An_error_answer_carries_its_status_and_the_API_servers_message()
    {
        var get = () => Get(403, """{"kind":"Status","status":"Failure","message":"namespaces \"shop\" is forbidden","reason":"Forbidden","code":403}""");

        var error = (await get.Should().ThrowAsync<ClusterApiException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.Message.Should().Be("the API server answered 403 Forbidden: namespaces \"shop\" is forbidden");
    }

    [Fact]
    public async Task A_call_that_outlasts_the_configurations_timeout_is_a_cluster_error()
    {
        var get = () => Get(200, "{}", delay: TimeSpan.FromSeconds(30), timeout: TimeSpan.FromMilliseconds(300));

        (await get.Should().ThrowAsync<ClusterApiException>()).WithMessage("the API server at http://127.0.0.1:* did not answer within 0.3 s");
    }

    private static async Task<ClusterNamespace> Get(int status, string body, TimeSpan? delay = null, TimeSpan? timeout = null)
    {
        var (app, address) = await LoopbackApp.StartAsync(app => app.Run(async context =>
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }));
        try
        {
            var configuration = new KubernetesClientConfiguration { Host = address.ToString(), HttpClientTimeout = timeout ?? TimeSpan.FromSeconds(10) };
            using var api = new ClusterApi(configuration);
            return await api.GetAsync("api/v1/namespaces/shop", ClusterJsonContext.Default.ClusterNamespace, CancellationToken.None);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
