using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Processing.Transcoding;

namespace VideoPipeline.Tests.EndToEnd;

/// <summary>
/// A source browsers already play is playable at once from a remuxed copy, before its ladder is encoded;
/// anything else goes straight to the ladder. Either way the outputs are H.264 yuv420p.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ReachingPlayable(EmbeddedStorageApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_browser_playable_upload_is_playable_from_its_remuxed_original_before_the_ladder()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var events = (await _api.EventsAsync(id)).Select(e => e.Type).ToList();
        events.IndexOf("OriginalReady").ShouldBeGreaterThan(events.IndexOf("ProcessingStarted"));
        events.IndexOf("OriginalReady").ShouldBeLessThan(events.IndexOf("RenditionReady"));
        var video = await _api.VideoAsync(id);
        video.Steps.PlayableAt.ShouldNotBeNull().ShouldBeLessThan(video.Steps.ProcessedAt.ShouldNotBeNull());

        var original = await _api.DownloadAsync(app.Storage.PresignGet($"videos/{id}/original.mp4", DateTimeOffset.UtcNow.AddMinutes(5)), ".mp4");
        var streams = await Ffprobe.StreamsAsync(original);
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Width == 854 && s.Height == 480);
        FileInspection.IndexComesFirst(original).ShouldBeTrue("the index comes first (+faststart)");
    }

    [Fact]
    public async Task a_webm_upload_skips_the_fast_path_and_its_ladder_is_h264()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Vp9Webm(), "clip.webm");

        var video = await _api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.Variants.Select(v => v.Resolution).ShouldBe(["360p"]);
        (await _api.EventsAsync(id)).ShouldNotContain(e => e.Type == "OriginalReady");

        var play = await _api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var streams = await Ffprobe.StreamsAsync(await _api.DownloadAsync(play.Url, ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.PixFmt == "yuv420p" && s.Height == 360);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
    }

    [Fact]
    public async Task progress_is_reported_about_once_a_second_while_processing_and_ends_at_100()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Hd720p20s());

        var video = await _api.VideoAsync(id);
        video.Progress.ShouldBe(100);
        var seconds = (video.Steps.ProcessedAt!.Value - video.Steps.ProcessingStartedAt!.Value).TotalSeconds;
        var progress = (await _api.EventsAsync(id)).Where(e => e.Type == "ProcessingProgressed").ToList();
        progress.Count.ShouldBeGreaterThan(1);
        progress.Count.ShouldBeLessThanOrEqualTo((int)Math.Ceiling(seconds) + 1, $"{progress.Count} progress events in {seconds:0.0} s");
        progress.Select(e => e.Data.GetProperty("percent").GetDouble()).ShouldAllBe(p => p > 0 && p < 100);
        progress.Select(e => e.Data.GetProperty("percent").GetDouble()).ShouldBeInOrder();
    }
}
