using System.Net;
using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Storage or the database out while a request is answered, wherever it finds out (a filter, a handler gathering its
/// facts, the commit): every route answers 503 problem+json with Retry-After, or whatever it would answer without needing
/// what is out, never another 5xx. The routes are the host's own list, so a new route is walked without being named here.
/// </summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class AnsweringThroughOutages(UnreliableStorageApp app, Xunit.Abstractions.ITestOutputHelper output) : HostSpec<UnreliableStorageApp>(app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task with_storage_down_every_route_answers_503_with_retry_after_or_without_needing_storage()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Tiny());
        App.Outage.Begin((_, _) => true);

        var answers = await WalkAsync(App.Host, ticket.VideoId, atOnce: 1);

        answers.ShouldContainKey("POST /videos/{id}/complete");
        answers["POST /videos/{id}/complete"].ShouldBe(HttpStatusCode.ServiceUnavailable, "completion looks at storage first");
    }

    [Fact]
    public async Task with_the_database_down_every_route_answers_503_with_retry_after_or_without_needing_it()
    {
        var folder = Path.Combine(App.StorageRoot, "database-outage-" + Guid.NewGuid().ToString("N")[..8]);
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var host = await VideoPipelineApp.StartHostAsync(VideoPipelineApp.CommonSettings(postgres.ConnectionString, folder).Concat(VideoPipelineApp.EmbeddedStore(folder)));
        try
        {
            await postgres.KillAsync();

            // Nothing a call does can change what another finds while the database is out, so the calls go several at
            // once, each waiting out the database's retries (about 0.4 s) beside the others.
            var answers = await WalkAsync(host, Guid.NewGuid(), atOnce: 8);

            answers["GET /videos"].ShouldBe(HttpStatusCode.ServiceUnavailable, "listing reads the database");
            answers["POST /upload/request with a body"].ShouldBe(HttpStatusCode.ServiceUnavailable, "requesting an upload starts a stream");
        }
        finally
        {
            // Back up, so the host leaves the cluster as it would normally.
            await postgres.UpAsync();
            await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Calls every route once, <paramref name="atOnce"/> at a time (deletions last, so the other routes still find the
    /// video); fails on any 5xx but a proper 503.
    /// </summary>
    private async Task<Dictionary<string, HttpStatusCode>> WalkAsync(IAlbaHost host, Guid videoId, int atOnce)
    {
        using var client = host.Server.CreateClient();
        var calls = EveryRoute.Of(host.Services, videoId);
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, HttpStatusCode>();
        var wrong = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = atOnce };
        foreach (var deletions in (bool[])[false, true])
        {
            await Parallel.ForEachAsync(calls.Where(c => (c.Method == "DELETE") == deletions), options, async (call, _) =>
            {
                using var request = EveryRoute.Request(call);
                using var timeout = new CancellationTokenSource(Patience);
                // Headers only: a stream of live changes answers 200 and then never ends.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var route = $"{call.Method} {call.Url.Replace(videoId.ToString(), "{id}", StringComparison.Ordinal)}{(call.Body is null ? "" : " with a body")}";
                answers[route] = response.StatusCode;
                output.WriteLine($"{route} -> {(int)response.StatusCode}");
                // An error is read to its end (a client that leaves after the status would cut the answer off mid-write);
                // a success may be a stream of live changes, which never ends.
                var problem = (int)response.StatusCode >= 400 ? await response.Content.ReadAsStringAsync(timeout.Token) : "";
                if (IsReadinessReport(call, response))
                {
                    return;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                        || !problem.Contains("\"status\":503", StringComparison.Ordinal))
                    {
                        wrong.Enqueue($"{route} -> 503 without Retry-After or a problem+json body: {problem}");
                    }
                }
                else if ((int)response.StatusCode >= 500)
                {
                    wrong.Enqueue($"{route} -> {(int)response.StatusCode} {problem}");
                }
            });
        }

        calls.Count.ShouldBeGreaterThan(25, "every route of the host was walked");
        wrong.ShouldBeEmpty();
        return new Dictionary<string, HttpStatusCode>(answers);
    }

    /// <summary>The readiness probe's 503 is its report (JSON for load balancers), the reason it exists.</summary>
    private static bool IsReadinessReport(RouteCall call, HttpResponseMessage response) =>
        call.Url == "/health/ready" && response.StatusCode == HttpStatusCode.ServiceUnavailable;
}
