using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Analytics;

/// <summary>
/// The player page reports real playbacks in Debian's Chromium (dashboard/e2e/analytics.mjs): a view's watch time and
/// startup reach the API, a throttled view's stalls are counted as its page saw them, and the dashboard draws them.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed partial class ReportingFromTheBrowser(KestrelApp app)
{
    [Fact]
    public async Task views_played_in_chromium_show_their_watch_time_startup_and_stalls_in_the_api_and_the_dashboard()
    {
        // The host's once-processed 10 s video: no other spec opens it in the player page, so these are its only views.
        var videoId = await app.ProcessedOnceAsync(await TestClips.Hd720p10s());
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{videoId}/play", UriKind.Relative)))!;

        var done = Path.Combine(Path.GetTempPath(), $"analytics-played-{videoId:N}");
        var playing = BrowserSpecs.RunAsync("analytics.mjs", "play", play.Embed.ShouldNotBeNull().ToString(), done);
        // Both pages are left: each view's last beacon says so once it is stored; only then may the browser close.
        await Eventually.WaitForAsync(() => LeftViewsAsync(videoId), left => left == 2, TimeSpan.FromMinutes(4), "both views' last beacons");
        await File.WriteAllTextAsync(done, "stored");
        var played = await playing;
        File.Delete(done);
        played.ShouldContain("played: ok");
        var stallsSeen = int.Parse(Stalls().Match(played).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        stallsSeen.ShouldBeGreaterThan(0);
        await Beacons.RollUpAsync(app.Services);

        var figures = (await app.Client.GetFromJsonAsync<VideoAnalyticsDto>(new Uri($"/videos/{videoId}/analytics", UriKind.Relative)))!;
        figures.Views.ShouldBe(2);
        figures.WatchSeconds.ShouldBeGreaterThanOrEqualTo(3);
        figures.StartupMs.P50.ShouldNotBeNull().ShouldBeGreaterThan(0);
        figures.AveragePercentWatched.ShouldBeGreaterThan(0);
        figures.Renditions.ShouldNotBeEmpty();
        (figures.RebufferPerView * figures.Views).ShouldBe(stallsSeen, "the throttled page's stalls, each counted once");
        figures.RebufferRatio.ShouldBeGreaterThan(0);

        var dashboard = await BrowserSpecs.RunAsync("analytics.mjs", "dashboard", app.BaseUrl.ToString(), VideoApi.DevKey, videoId.ToString());
        dashboard.ShouldContain("dashboard: ok");
    }

    private async Task<long> LeftViewsAsync(Guid videoId)
    {
        await using var count = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "select count(distinct view_id) from analytics.beacon_events where video_id = $1 and kind = 8");
        count.Parameters.Add(new NpgsqlParameter { Value = videoId });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"stalls=(\d+)")]
    private static partial Regex Stalls();
}
