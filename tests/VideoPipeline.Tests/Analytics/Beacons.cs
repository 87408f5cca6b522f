using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.Modules.Analytics.RollingUpViews;
using VideoPipeline.Tests.Infrastructure;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Analytics;

/// <summary>What a player sends, and what the specs do with the analytics tables: run the rollup now, count what was stored.</summary>
public static class Beacons
{
    /// <summary>
    /// A whole view of a 10 s video, in two beacons: it starts, shows its first frame after 800 ms, plays 4 s at 720p,
    /// stalls 500 ms, steps down to 480p, plays 2 s more (60 % of the video, percents 0 to 59), is seeked, and ends.
    /// </summary>
    public static IReadOnlyList<string> AWholeView(Guid viewId) =>
    [
        Json(viewId, [
            new { seq = 0, type = "view", at = 0, position = 0 },
            new { seq = 1, type = "firstFrame", at = 800, ms = 800 },
            new { seq = 2, type = "played", at = 4800, ms = 4000, rendition = "720p", position = 4000, coverage = Coverage(40) },
        ]),
        Json(viewId, [
            new { seq = 3, type = "stall", at = 5300, ms = 500 },
            new { seq = 4, type = "switch", at = 5300, rendition = "480p" },
            new { seq = 5, type = "played", at = 7300, ms = 2000, rendition = "480p", position = 6000, coverage = Coverage(60) },
            new { seq = 6, type = "seek", at = 7400, position = 1000 },
            new { seq = 7, type = "error", at = 7500, code = "bufferAppendError" },
            new { seq = 8, type = "ended", at = 7600, position = 6000 },
        ]),
    ];

    public static string Json(Guid viewId, object[] events) => JsonSerializer.Serialize(new { viewId, events });

    /// <summary>The first <paramref name="percents"/> percents played, as the player's 25 hex digits.</summary>
    public static string Coverage(int percents)
    {
        var bits = Enumerable.Range(0, 100).Select(p => p < percents ? 1 : 0).ToArray();
        return string.Concat(Enumerable.Range(0, 25).Select(d => ((bits[d * 4] << 3) | (bits[(d * 4) + 1] << 2) | (bits[(d * 4) + 2] << 1) | bits[(d * 4) + 3]).ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Posts a beacon the way <c>navigator.sendBeacon</c> does: text/plain, no API key, the grant of a play answer in the URL.</summary>
    public static Task<IScenarioResult> SendAsync(VideoPipelineApp app, Guid video, string beacon, int expectedStatus, string from = "10.0.0.1")
    {
        var grant = app.Host.Services.GetRequiredService<PlaylistGrant>().Query(video, app.Clock.GetUtcNow().AddHours(1));
        return app.Host.Scenario(x =>
        {
            x.Post.Text(beacon).ToUrl($"/videos/{video}/beacons");
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new QueryString("?" + grant);
                http.Request.Headers.UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
                http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(from);
            });
            x.StatusCodeShouldBe(expectedStatus);
        });
    }

    /// <summary>Runs the rollup now, as its recurring schedule would, and waits for it.</summary>
    public static Task<ITrackedSession> RollUpAsync(IServiceProvider services) =>
        services.GetRequiredService<IHost>().TrackActivity(TimeSpan.FromMinutes(1)).ExecuteAndWaitAsync(_ =>
            new ValueTask(services.GetRequiredService<Wolverine.Runtime.Recurring.IRecurringScheduleControl>()
                .TriggerAsync(RollUpViewsHandler.ScheduleName, CancellationToken.None)));

    /// <summary>The events stored for <paramref name="videoId"/>, read from the table itself.</summary>
    public static async Task<long> StoredEventsAsync(IServiceProvider services, Guid videoId)
    {
        await using var count = services.GetRequiredService<NpgsqlDataSource>().CreateCommand("select count(*) from analytics.beacon_events where video_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = videoId });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Empties the analytics tables: an owner's totals then count only what the spec reported.</summary>
    public static async Task ForgetEverythingAsync(IServiceProvider services)
    {
        await using var truncate = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "truncate analytics.beacon_events, analytics.pending_views, analytics.views, analytics.video_day_figures, analytics.video_daily");
        await truncate.ExecuteNonQueryAsync();
    }
}
