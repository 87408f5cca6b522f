using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.EndToEnd;

/// <summary>
/// Every upload, whatever its codec, is playable from its first published segments, before its ladder is encoded;
/// the outputs are H.264 yuv420p and AAC.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ReachingPlayable(EmbeddedStorageApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task an_upload_is_playable_from_its_first_segments_before_any_rendition_is_finished()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var events = (await _api.EventsAsync(id)).Select(e => e.Type).ToList();
        events.IndexOf("StreamingStarted").ShouldBeGreaterThan(events.IndexOf("SourceInspected"));
        events.IndexOf("StreamingStarted").ShouldBeLessThan(events.IndexOf("StreamRenditionReady"));
        var video = await _api.VideoAsync(id);
        video.Steps.PlayableAt.ShouldNotBeNull().ShouldBeLessThan(video.Steps.ProcessedAt.ShouldNotBeNull());
    }

    [Fact]
    public async Task a_webm_upload_gets_an_h264_ladder_and_its_top_rung_as_its_download()
    {
        var id = await _api.UploadAndProcessAsync(await TestClips.Vp9Webm(), "clip.webm");

        var video = await _api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.Variants.Select(v => v.Resolution).ShouldBe(["360p"]);
        video.StaticRenditions.Select(v => v.Resolution).ShouldBe(["360p"], "a source under 480p has no 480p rung; its top rung is the download");

        var play = await _api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var streams = await Ffprobe.StreamsAsync(await _api.DownloadAsync(play.Url.ShouldNotBeNull(), ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.PixFmt == "yuv420p" && s.Height == 360);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
    }

    [Fact]
    public async Task an_upload_may_ask_for_more_mp4_downloads_than_the_480p_one()
    {
        var ticket = await _api.RequestUploadAsync(staticRenditions: ["360p", "1080p"]);
        await _api.UploadAsync(ticket, await TestClips.Landscape480p());
        await _api.AndWaitForTheQueue(() => _api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var play = await _api.GetAsync<PlaybackDto>($"/videos/{ticket.VideoId}/play");
        play.Renditions.Select(r => r.Resolution).ShouldBe(["480p", "360p"], "the ladder of a 480p source has no 1080p rung");
        play.Url.ShouldNotBeNull().AbsolutePath.ShouldEndWith("/480p.mp4");
        var streams = await Ffprobe.StreamsAsync(await _api.DownloadAsync(play.Renditions[1].Url, ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Height == 360);
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
