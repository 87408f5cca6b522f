using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.EndToEnd;

/// <summary>
/// Every upload, whatever its codec, is playable from its first published segments, before its ladder is encoded;
/// the outputs are H.264 yuv420p and AAC.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ReachingPlayable(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task an_upload_is_playable_from_its_first_segments_before_any_rendition_is_finished()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());

        var events = (await Api.EventsAsync(id)).Select(e => e.Type).ToList();
        events.IndexOf("StreamingStarted").ShouldBeGreaterThan(events.IndexOf("SourceInspected"));
        events.IndexOf("StreamingStarted").ShouldBeLessThan(events.IndexOf("StreamRenditionReady"));
        var video = await Api.VideoAsync(id);
        video.Steps.PlayableAt.ShouldNotBeNull().ShouldBeLessThan(video.Steps.ProcessedAt.ShouldNotBeNull());
    }

    [Fact]
    public async Task a_webm_upload_gets_an_h264_ladder_and_its_top_rung_as_its_download()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.Vp9Webm(), "clip.webm");

        var video = await Api.VideoAsync(id);
        video.Status.ShouldBe("processed");
        video.Variants.Select(v => v.Resolution).ShouldBe(["360p"]);
        video.StaticRenditions.Select(v => v.Resolution).ShouldBe(["360p"], "a source under 480p has no 480p rung; its top rung is the download");

        var play = await Api.GetAsync<PlaybackDto>($"/videos/{id}/play");
        var streams = await Ffprobe.StreamsAsync(await Api.DownloadAsync(play.Url.ShouldNotBeNull(), ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.PixFmt == "yuv420p" && s.Height == 360);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
    }

    [Fact]
    public async Task an_upload_may_ask_for_more_mp4_downloads_than_the_480p_one()
    {
        var ticket = await Api.RequestUploadAsync(staticRenditions: ["360p", "1080p"]);
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var play = await Api.GetAsync<PlaybackDto>($"/videos/{ticket.VideoId}/play");
        play.Renditions.Select(r => r.Resolution).ShouldBe(["480p", "360p"], "the ladder of a 480p source has no 1080p rung");
        play.Url.ShouldNotBeNull().AbsolutePath.ShouldEndWith("/480p.mp4");
        var streams = await Ffprobe.StreamsAsync(await Api.DownloadAsync(play.Renditions[1].Url, ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.Height == 360);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");
    }

    [Fact]
    public async Task progress_is_reported_about_once_a_second_while_processing_and_ends_at_100()
    {
        // Long enough that its ladder reports progress several times even on a quiet machine with the hosts' fastest preset.
        var id = await Api.UploadAndProcessAsync(await TestClips.Hd720p20s());

        var video = await Api.VideoAsync(id);
        video.Progress.ShouldBe(100);
        var seconds = (video.Steps.ProcessedAt!.Value - video.Steps.ProcessingStartedAt!.Value).TotalSeconds;
        var progress = (await Api.EventsAsync(id)).Where(e => e.Type == "ProcessingProgressed").ToList();
        progress.Count.ShouldBeGreaterThan(1);
        progress.Count.ShouldBeLessThanOrEqualTo((int)Math.Ceiling(seconds) + 1, $"{progress.Count} progress events in {seconds:0.0} s");
        progress.Select(e => e.Data.GetProperty("percent").GetDouble()).ShouldAllBe(p => p > 0 && p < 100);
        progress.Select(e => e.Data.GetProperty("percent").GetDouble()).ShouldBeInOrder();
    }
}
