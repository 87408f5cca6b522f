using System.Globalization;
using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>What an operator scrapes and reads: Prometheus metrics, the OpenAPI document, a read model rebuilt from the events.</summary>
[Collection(ObservedAloneCollection.Name)]
public sealed class WatchingTheService(ObservedAloneApp app) : HostSpec<ObservedAloneApp>(app)
{
    [Fact]
    public async Task processing_a_video_counts_it_in_the_metrics()
    {
        var before = await MetricsAsync();

        await Api.UploadAndProcessAsync(await TestClips.Tiny());

        var after = await MetricsAsync();
        Value(after, "uploads_requested_total").ShouldBe(Value(before, "uploads_requested_total") + 1);
        Value(after, "videos_processed_total").ShouldBe(Value(before, "videos_processed_total") + 1);
        Value(after, "videos_failed_total").ShouldBe(Value(before, "videos_failed_total"));
        Value(after, "transcode_duration_seconds_count").ShouldBe(Value(before, "transcode_duration_seconds_count") + 1);
    }

    [Fact]
    public async Task viewers_startup_and_stalls_are_counted_in_the_metrics_without_naming_a_video()
    {
        var before = await MetricsAsync();
        var video = (await Api.RequestUploadAsync()).VideoId;

        foreach (var beacon in Analytics.Beacons.AWholeView(Guid.NewGuid()))
        {
            await Analytics.Beacons.SendAsync(App, video, beacon, 204);
        }

        var after = await MetricsAsync();
        Value(after, "player_views_total").ShouldBe(Value(before, "player_views_total") + 1);
        Value(after, "player_startup_duration_seconds_count").ShouldBe(Value(before, "player_startup_duration_seconds_count") + 1);
        Value(after, "player_startup_duration_seconds_sum").ShouldBe(Value(before, "player_startup_duration_seconds_sum") + 0.8, 1e-9);
        Value(after, "player_stall_duration_seconds_total").ShouldBe(Value(before, "player_stall_duration_seconds_total") + 0.5, 1e-9);
        Value(after, "player_beacon_events_total").ShouldBe(Value(before, "player_beacon_events_total") + 9);
        after.ShouldNotContain(video.ToString());
    }

    [Fact]
    public async Task the_queue_gauges_show_what_the_last_check_of_the_queue_found()
    {
        var ticket = await Api.RequestUploadAsync();
        // An upload completed as far as the stream knows, whose transcode has not started: one waiting.
        await using (var session = App.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(ticket.VideoId, new VideoPipeline.Contracts.UploadCompleted(ticket.VideoId, ticket.Key, 1, "client"));
            await session.SaveChangesAsync();
        }

        await Api.CheckTheQueueAsync();

        var metrics = await MetricsAsync();
        Value(metrics, "transcode_queue_depth").ShouldBe(1);
        var deadLetters = (await App.Host.Services.GetRequiredService<Wolverine.Persistence.Durability.IMessageStore>().Admin.FetchCountsAsync()).DeadLetter;
        Value(metrics, "dead_letters").ShouldBe(deadLetters, "what Wolverine's store counts");
    }

    [Fact]
    public async Task a_video_that_is_not_one_counts_as_failed()
    {
        var before = await MetricsAsync();

        await Api.UploadAndProcessAsync(await TestClips.NotAVideo());

        Value(await MetricsAsync(), "videos_failed_total").ShouldBe(Value(before, "videos_failed_total") + 1);
    }

    [Fact]
    public async Task the_openapi_document_describes_every_route_with_its_problems()
    {
        var result = await App.Host.Scenario(x =>
        {
            x.Get.Url("/openapi/v1.json");
            x.StatusCodeShouldBeOk();
        });
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        var paths = document.RootElement.GetProperty("paths");

        string[] routes =
        [
            "/upload/request", "/webhook/s3-upload", "/webhook/sns", "/videos", "/videos/{id}", "/videos/{id}/events",
            "/videos/{id}/play", "/videos/{id}/retry", "/videos/{id}/complete",
        ];
        routes.Where(route => !paths.TryGetProperty(route, out _)).ShouldBeEmpty();
        var retry = paths.GetProperty("/videos/{id}/retry").GetProperty("post").GetProperty("responses");
        new[] { "202", "401", "404", "409" }.Where(status => !retry.TryGetProperty(status, out _)).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_video_summaries_rebuilt_from_the_events_equal_the_live_ones()
    {
        var processed = await Api.UploadAndProcessAsync(await TestClips.Tiny());
        var failed = await Api.UploadAndProcessAsync(await TestClips.NotAVideo());
        var live = new[] { await RawVideoJsonAsync(processed), await RawVideoJsonAsync(failed) };

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.DeleteWhere<VideoPipeline.Modules.Catalog.VideoSummary>(_ => true);
            await session.SaveChangesAsync();
        }

        await Api.GetAsync<ProblemDto>($"/videos/{processed}", expectedStatus: 404);
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<VideoPipeline.Modules.Catalog.VideoSummaryProjection>(CancellationToken.None);
        }

        new[] { await RawVideoJsonAsync(processed), await RawVideoJsonAsync(failed) }.ShouldBe(live);
    }

    private async Task<string> RawVideoJsonAsync(Guid id)
    {
        var result = await App.Host.Scenario(x =>
        {
            x.Get.Url($"/videos/{id}");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBeOk();
        });
        return await result.ReadAsTextAsync();
    }

    private async Task<string> MetricsAsync()
    {
        var result = await App.Host.Scenario(x =>
        {
            x.Get.Url("/metrics");
            x.StatusCodeShouldBeOk();
        });
        return await result.ReadAsTextAsync();
    }

    /// <summary>The sample of <paramref name="name"/> in Prometheus text (labels ignored, summed); 0 when it has none yet.</summary>
    private static double Value(string metrics, string name) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
            .Select(line => line[name.Length..])
            .Select(rest => rest.StartsWith('{') ? rest[(rest.IndexOf('}', StringComparison.Ordinal) + 1)..] : rest)
            .Sum(rest => double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
