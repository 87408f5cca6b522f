using VideoPipeline.Tests.Usage;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Analytics.RollingUpViews;
using VideoPipeline.Tests.Infrastructure;
using Wolverine;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Analytics;

/// <summary>
/// Views reported by players' beacons, counted once by the rollup, and read back per video and per owner: the figures
/// follow from what the player said, a beacon sent twice counts once, and only the owner (or an admin) reads them.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class CountingViews(EmbeddedStorageApp app) : AnalyticsSpec(app)
{
    [Fact]
    public async Task a_view_is_counted_with_its_watch_time_startup_stalls_renditions_errors_and_retention()
    {
        var video = (await Api.RequestUploadAsync(title: "Counted")).VideoId;
        foreach (var beacon in Beacons.AWholeView(Guid.NewGuid()))
        {
            await SendAsync(video, beacon, 204);
        }

        await Beacons.RollUpAsync(App.Host.Services);

        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        figures.Views.ShouldBe(1);
        figures.UniqueViewers.ShouldBe(1);
        figures.WatchSeconds.ShouldBe(6);
        figures.StartupMs.ShouldBe(new PercentilesDto(800, 800));
        figures.RebufferRatio.ShouldBe(500.0 / 6500, 1e-9);
        figures.RebufferPerView.ShouldBe(1);
        figures.ErrorRate.ShouldBe(1);
        figures.AveragePercentWatched.ShouldBe(60);
        figures.Renditions.ShouldBe([new RenditionTimeDto("720p", 4), new RenditionTimeDto("480p", 2)]);
        figures.Retention.Count.ShouldBe(100);
        figures.Retention.Where(p => p.Percent < 60).ShouldAllBe(p => p.Share == 1);
        figures.Retention.Where(p => p.Percent >= 60).ShouldAllBe(p => p.Share == 0);
        figures.Days.ShouldBe([new ViewDayDto(Today, 1, 6)]);

        var owner = await Api.GetAsync<OwnerAnalyticsDto>("/analytics");
        owner.Days.ShouldBe([new OwnerDayDto(Today, 1, 1, 6, 0.5, 1)]);
        owner.TopVideos.ShouldBe([new TopVideoDto(video, "Counted", "dev", 1, 6)]);
    }

    [Fact]
    public async Task the_same_beacons_sent_twice_count_one_view_and_its_time_once()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        var view = Beacons.AWholeView(Guid.NewGuid());
        foreach (var beacon in view.Concat(view))
        {
            await SendAsync(video, beacon, 204);
        }

        await Beacons.RollUpAsync(App.Host.Services);
        // Sent again after the rollup counted it: the next rollup recounts the view from its events, still once each.
        await SendAsync(video, view[1], 204);
        await Beacons.RollUpAsync(App.Host.Services);

        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        figures.Views.ShouldBe(1);
        figures.WatchSeconds.ShouldBe(6);
        figures.RebufferPerView.ShouldBe(1);
        (await Beacons.StoredEventsAsync(App.Host.Services, video)).ShouldBe(24, "every copy is kept raw; the rollup counts each (view, seq) once");
    }

    [Fact]
    public async Task views_of_two_viewers_give_percentiles_shares_and_one_unique_viewer_per_client()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        await SendAsync(video, Beacons.Json(Guid.NewGuid(), [new { seq = 0, type = "view", at = 0 }, new { seq = 1, type = "firstFrame", at = 400, ms = 400 }]), 204, "10.0.0.1");
        await SendAsync(video, Beacons.Json(Guid.NewGuid(), [new { seq = 0, type = "view", at = 0 }, new { seq = 1, type = "firstFrame", at = 1200, ms = 1200 }]), 204, "10.0.0.1");
        await SendAsync(video, Beacons.Json(Guid.NewGuid(), [
            new { seq = 0, type = "view", at = 0 }, new { seq = 1, type = "firstFrame", at = 2000, ms = 2000 },
            new { seq = 2, type = "played", at = 3000, ms = 1000, rendition = "360p", coverage = Beacons.Coverage(10) }, new { seq = 3, type = "hidden", at = 3100 },
        ]), 204, "10.0.0.2");

        await Beacons.RollUpAsync(App.Host.Services);

        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        figures.Views.ShouldBe(3);
        figures.UniqueViewers.ShouldBe(2, "two views came from one address and browser, one from another");
        figures.StartupMs.P50.ShouldBe(1200);
        figures.StartupMs.P95.ShouldNotBeNull().ShouldBe(1920, 0.001);
        figures.Retention[0].Share.ShouldBe(1.0 / 3, 1e-9);
        figures.ErrorRate.ShouldBe(0);
    }

    [Fact]
    public async Task rollups_running_at_once_on_several_nodes_count_each_view_once()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        foreach (var beacon in Enumerable.Range(0, 3).SelectMany(_ => Beacons.AWholeView(Guid.NewGuid())))
        {
            await SendAsync(video, beacon, 204);
        }

        // As two nodes, or an occurrence that overlaps the last: they take turns, and the later finds nothing left to count.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var node = App.Host.Services.CreateScope();
            await node.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new RollUpViews());
        }));

        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        figures.Views.ShouldBe(3);
        figures.WatchSeconds.ShouldBe(18);
        (await Api.GetAsync<OwnerAnalyticsDto>("/analytics")).Days.ShouldBe([new OwnerDayDto(Today, 3, 1, 18, 1.5, 3)]);
    }

    [Fact]
    public async Task each_rollup_tells_usage_the_owners_watch_time_of_the_day()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        foreach (var beacon in Beacons.AWholeView(Guid.NewGuid()))
        {
            await SendAsync(video, beacon, 204);
        }

        var rollup = await Beacons.RollUpAsync(App.Host.Services);

        rollup.AllRecordsInOrder().Select(r => r.Envelope?.Message).OfType<WatchedTimeRolledUp>().Distinct()
            .ShouldBe([new WatchedTimeRolledUp("dev", Today, 6)]);
        var usage = await Api.GetAsync<UsageReportDto>($"/usage?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
        usage.Owners.ShouldHaveSingleItem().Days.Single(d => d.Day == Today).WatchedMinutes.ShouldBe(0.1);
    }

    [Fact]
    public async Task another_owners_video_is_not_found_an_admin_sees_every_owner_and_a_bad_range_is_refused()
    {
        var mine = (await Api.RequestUploadAsync()).VideoId;
        var theirs = (await Api.RequestUploadAsync(key: VideoApi.OtherOwnersKey)).VideoId;
        await SendAsync(mine, Beacons.AWholeView(Guid.NewGuid())[0], 204);
        await SendAsync(theirs, Beacons.AWholeView(Guid.NewGuid())[0], 204);
        await Beacons.RollUpAsync(App.Host.Services);

        await Api.GetAsync<ProblemDto>($"/videos/{theirs}/analytics", expectedStatus: 404);
        (await Api.GetAsync<OwnerAnalyticsDto>("/analytics")).TopVideos.Select(v => v.VideoId).ShouldBe([mine]);
        (await Api.GetAsync<OwnerAnalyticsDto>("/analytics", VideoApi.AdminKey)).TopVideos.Select(v => v.VideoId).ShouldBe([mine, theirs], ignoreOrder: true);
        (await Api.GetAsync<VideoAnalyticsDto>($"/videos/{theirs}/analytics", VideoApi.AdminKey)).Views.ShouldBe(1);

        var day = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await Api.GetAsync<ProblemDto>("/analytics?from=yesterday", expectedStatus: 400)).Errors.ShouldNotBeNull().ShouldContainKey("from");
        (await Api.GetAsync<ProblemDto>($"/analytics?from={day}&to=2000-01-01", expectedStatus: 400)).Errors.ShouldNotBeNull().ShouldContainKey("to");
        (await Api.GetAsync<ProblemDto>($"/videos/{mine}/analytics?from=2000-01-01&to={day}", expectedStatus: 400)).Errors.ShouldNotBeNull().ShouldContainKey("to");
        (await Api.GetAsync<VideoAnalyticsDto>($"/videos/{mine}/analytics?from={day}&to={day}")).Views.ShouldBe(1);
        (await Api.GetAsync<VideoAnalyticsDto>($"/videos/{mine}/analytics?from=2020-01-01&to=2020-01-31")).Views.ShouldBe(0);
    }

    [Fact]
    public async Task raw_events_past_the_retention_go_with_their_day_and_the_figures_stay()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        foreach (var beacon in Beacons.AWholeView(Guid.NewGuid()))
        {
            await SendAsync(video, beacon, 204);
        }

        await Beacons.RollUpAsync(App.Host.Services);
        var day = Today;

        App.Clock.Advance(TimeSpan.FromDays(30));
        await Beacons.RollUpAsync(App.Host.Services);

        (await Beacons.StoredEventsAsync(App.Host.Services, video)).ShouldBe(0, "30 days are kept by default, today included");
        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        figures.Views.ShouldBe(1);
        figures.WatchSeconds.ShouldBe(6);
    }

    [Fact]
    public async Task a_view_that_sends_beacons_faster_than_a_player_would_is_slowed_down()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        var view = Guid.NewGuid();
        for (var seq = 0; seq < 30; seq++)
        {
            await SendAsync(video, Beacons.Json(view, [new { seq, type = "hidden", at = seq }]), 204);
        }

        var refused = await SendAsync(video, Beacons.Json(view, [new { seq = 30, type = "hidden", at = 30 }]), 429);
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        await SendAsync(video, Beacons.Json(Guid.NewGuid(), [new { seq = 0, type = "view", at = 0 }]), 204);
    }
}
