using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.Modules.Analytics;
using VideoPipeline.Modules.Analytics.RollingUpViews;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Analytics;

/// <summary>
/// The rollup keeps each video's figures per day, which the report adds up: events that arrive after their view was
/// counted change that view's day instead of adding a view, a view counts on the day it started even when it goes on
/// past midnight, and rolling a view up again changes nothing. After each, the stored days are what their views add up to.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class KeepingDailyFigures(EmbeddedStorageApp app) : AnalyticsSpec(app)
{
    [Fact]
    public async Task late_events_of_a_view_already_counted_change_its_day_without_counting_another_view()
    {
        var video = (await Api.RequestUploadAsync(title: "Late")).VideoId;
        var view = Beacons.AWholeView(Guid.NewGuid());
        await SendAsync(video, view[0]);
        await Beacons.RollUpAsync(App.Host.Services);

        var early = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        early.Views.ShouldBe(1);
        early.WatchSeconds.ShouldBe(4);
        early.Renditions.ShouldBe([new RenditionTimeDto("720p", 4)]);
        early.Retention.Count(p => p.Share == 1).ShouldBe(40);
        early.ErrorRate.ShouldBe(0);

        await SendAsync(video, view[1]);
        await Beacons.RollUpAsync(App.Host.Services);

        var late = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        late.Views.ShouldBe(1);
        late.UniqueViewers.ShouldBe(1);
        late.WatchSeconds.ShouldBe(6);
        late.StartupMs.ShouldBe(new PercentilesDto(800, 800));
        late.RebufferPerView.ShouldBe(1);
        late.ErrorRate.ShouldBe(1);
        late.AveragePercentWatched.ShouldBe(60);
        late.Renditions.ShouldBe([new RenditionTimeDto("720p", 4), new RenditionTimeDto("480p", 2)]);
        late.Retention.Count(p => p.Share == 1).ShouldBe(60);
        late.Days.ShouldBe([new ViewDayDto(Today, 1, 6)]);
        (await Api.GetAsync<OwnerAnalyticsDto>("/analytics")).Days.ShouldBe([new OwnerDayDto(Today, 1, 1, 6, 0.5, 1)]);
        await TheDaysAreWhatTheirViewsAddUpToAsync();
    }

    [Fact]
    public async Task a_view_that_goes_on_past_midnight_counts_on_the_day_it_started()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        var view = Beacons.AWholeView(Guid.NewGuid());
        var started = Today;
        await SendAsync(video, view[0]);
        await Beacons.RollUpAsync(App.Host.Services);

        App.Clock.Advance(TimeSpan.FromDays(1));
        await SendAsync(video, view[1]);
        await Beacons.RollUpAsync(App.Host.Services);

        var figures = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics?from={started:yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
        figures.Views.ShouldBe(1);
        figures.WatchSeconds.ShouldBe(6);
        figures.Days.ShouldBe([new ViewDayDto(started, 1, 6)]);
        (await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics?from={Today:yyyy-MM-dd}&to={Today:yyyy-MM-dd}")).Views.ShouldBe(0);
        await TheDaysAreWhatTheirViewsAddUpToAsync();
    }

    [Fact]
    public async Task rolling_up_views_again_without_new_events_leaves_their_days_as_they_were()
    {
        var video = (await Api.RequestUploadAsync()).VideoId;
        foreach (var beacon in Enumerable.Range(0, 3).SelectMany(_ => Beacons.AWholeView(Guid.NewGuid())))
        {
            await SendAsync(video, beacon);
        }

        await Beacons.RollUpAsync(App.Host.Services);
        var once = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");

        // As a rollup that ran again after its step committed would: every view pending once more, nothing new stored.
        await using (var again = App.Host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
                         "insert into analytics.pending_views (video_id, view_id) select video_id, view_id from analytics.views"))
        {
            (await again.ExecuteNonQueryAsync()).ShouldBe(3);
        }

        await Beacons.RollUpAsync(App.Host.Services);
        await Beacons.RollUpAsync(App.Host.Services);

        var twice = await Api.GetAsync<VideoAnalyticsDto>($"/videos/{video}/analytics");
        twice.ShouldBeEquivalentTo(once);
        twice.Views.ShouldBe(3);
        twice.WatchSeconds.ShouldBe(18);
        (await Api.GetAsync<OwnerAnalyticsDto>("/analytics")).Days.ShouldBe([new OwnerDayDto(Today, 3, 1, 18, 1.5, 3)]);
        await TheDaysAreWhatTheirViewsAddUpToAsync();
    }

    /// <summary>Every stored day holds what its views add up to, counted afresh from the views.</summary>
    private async Task TheDaysAreWhatTheirViewsAddUpToAsync()
    {
        await using var connection = await App.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var counted = await ViewRollup.CountAllAsync(connection, CancellationToken.None);
        var stored = await DayRollup.LoadAsync(connection, counted.Select(d => (d.VideoId, d.Day)), CancellationToken.None);
        await using var rows = new NpgsqlCommand("select count(*) from analytics.video_day_figures", connection);
        var kept = (long)(await rows.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();

        kept.ShouldBe(counted.Count, "no day is kept that its views do not make");
        stored.Count.ShouldBe(counted.Count);
        foreach (var (videoId, day, figures) in counted)
        {
            stored[(videoId, day)].ShouldBeEquivalentTo(figures, $"video {videoId} on {day:yyyy-MM-dd}");
        }
    }
}
