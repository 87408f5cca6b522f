using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

/// <summary>The Live page in Debian's Chromium (dashboard/e2e/live.mjs), publishing with ffmpeg to the real ingest server.</summary>
[Collection(LiveCollection.Name)]
public sealed class BroadcastingFromTheDashboard(LiveApp app)
{
    [Fact]
    public async Task an_owner_creates_a_stream_sees_it_live_in_the_preview_ends_it_finds_its_recording_resets_its_key_and_deletes_it()
    {
        var output = await BrowserSpecs.RunAsync("live.mjs", app.BaseUrl.ToString(), VideoApi.DevKey);

        output.ShouldContain("live: ok");
    }
}
