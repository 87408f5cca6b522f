using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.MediaEngine;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// The guard's first look at an upload: only the accepted containers are read at all, and uploads beyond the limits
/// are refused from what ffprobe read in the headers, before anything decodes them.
/// </summary>
public sealed class RefusingBeforeDecoding
{
    private static async Task<string> RefusalOf(string path) =>
        (await Should.ThrowAsync<MediaRefusedException>(() => TestOptions.ProbeAsync(path))).Reason;

    [Fact]
    public async Task an_hls_playlist_is_refused_by_name() =>
        (await RefusalOf(await HostileUploads.PlaylistNaming("/etc/hostname")))
            .ShouldBe($"The file is an HLS playlist, not a video in one of the containers accepted ({Container.AcceptedDescriptions}).");

    [Fact]
    public async Task a_concat_list_is_refused_by_name() =>
        (await RefusalOf(await HostileUploads.ConcatListNaming("/etc/hostname"))).ShouldStartWith("The file is a concat list");

    [Fact]
    public async Task a_still_image_is_refused_as_an_image()
    {
        var image = Path.Combine(TestOptions.TempRoot, $"still-{Guid.NewGuid():N}.png");
        Directory.CreateDirectory(TestOptions.TempRoot);
        await Ffmpeg.RunAsync($"-y -v error -f lavfi -i color=c=red:size=64x64:duration=0.04 -frames:v 1 \"{image}\"");

        (await RefusalOf(image)).ShouldStartWith("The file is an image");
    }

    [Fact]
    public async Task a_frame_rate_past_the_limit_is_refused() =>
        (await RefusalOf(await HostileUploads.FrameRateBomb())).ShouldBe("The video runs at 1000 frames per second, more than the 240 accepted.");

    [Fact]
    public async Task more_streams_than_the_limit_are_refused() =>
        (await RefusalOf(await HostileUploads.StreamBomb())).ShouldBe("The file has 41 streams, more than the 32 accepted.");

    [Fact]
    public async Task the_limits_are_settings()
    {
        var clip = await MediaClips.Landscape();
        var options = TestOptions.Default();
        options.MaxPixels = (1280 * 720) - 1;
        options.MaxDurationSeconds = 1.5;

        var refused = await Should.ThrowAsync<MediaRefusedException>(() => TestOptions.ProbeAsync(clip, options));
        refused.Reason.ShouldBe("The video is 1280x720 (0.9 megapixels), larger than the 0.9 megapixels accepted.");

        options.MaxPixels = 1280 * 720;
        (await Should.ThrowAsync<MediaRefusedException>(() => TestOptions.ProbeAsync(clip, options)))
            .Reason.ShouldBe("The video lasts 0:00:02, longer than the 0:00:01 accepted.");
    }
}
