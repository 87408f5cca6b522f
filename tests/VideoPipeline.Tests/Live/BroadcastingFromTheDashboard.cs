using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

/// <summary>
/// The Live page in Debian's Chromium (dashboard/e2e/live.mjs), publishing with ffmpeg to the real ingest server; what the
/// page does to a stream's simulcast targets is checked through the API by the script.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class BroadcastingFromTheDashboard(LiveApp app)
{
    [Fact]
    public async Task an_owner_creates_a_stream_sees_a_target_that_is_not_rtmp_refused_adds_one_shown_masked_sees_it_live_and_the_target_failing_removes_the_target_ends_it_finds_its_recording_resets_its_key_and_deletes_it()
    {
        var output = await BrowserSpecs.RunAsync("live.mjs", app.BaseUrl.ToString(), VideoApi.DevKey);

        output.ShouldContain("live: ok");
    }
}
