using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

public sealed class DecidingWhatPlaysAsIs
{
    private static readonly SourceMedia PhoneClip = new(
        DurationSeconds: 12, DisplayWidth: 1920, DisplayHeight: 1080,
        HasAudio: true, VideoCodec: "h264", PixelFormat: "yuv420p", BitDepth: 8, Container: Container.Mp4,
        FrameRate: 30, IsInterlaced: false, AudioCodec: "aac");

    [Fact]
    public void an_8_bit_h264_aac_mp4_up_to_1080p_plays_as_is() => PhoneClip.IsBrowserPlayable.ShouldBeTrue();

    [Fact]
    public void a_portrait_1080x1920_clip_plays_as_is() =>
        (PhoneClip with { DisplayWidth = 1080, DisplayHeight = 1920 }).IsBrowserPlayable.ShouldBeTrue();

    [Fact]
    public void a_silent_clip_plays_as_is() =>
        (PhoneClip with { HasAudio = false, AudioCodec = null }).IsBrowserPlayable.ShouldBeTrue();

    [Fact]
    public void anything_bigger_than_1080p_is_transcoded() =>
        (PhoneClip with { DisplayWidth = 2560, DisplayHeight = 1440 }).IsBrowserPlayable.ShouldBeFalse();

    [Theory]
    [InlineData("hevc", "yuv420p", 8, "aac", "mov,mp4,m4a,3gp,3g2,mj2")]
    [InlineData("h264", "yuv420p10le", 10, "aac", "mov,mp4,m4a,3gp,3g2,mj2")]
    [InlineData("h264", "yuv444p", 8, "aac", "mov,mp4,m4a,3gp,3g2,mj2")]
    [InlineData("h264", "yuv420p", 8, "opus", "mov,mp4,m4a,3gp,3g2,mj2")]
    [InlineData("h264", "yuv420p", 8, "aac", "matroska,webm")]
    [InlineData("h264", "yuv420p", 8, "aac", "mpegts")]
    public void other_codecs_depths_or_containers_are_transcoded(string video, string pixelFormat, int bitDepth, string audio, string container) =>
        (PhoneClip with { VideoCodec = video, PixelFormat = pixelFormat, BitDepth = bitDepth, AudioCodec = audio, Container = Container.Of(container)! })
            .IsBrowserPlayable.ShouldBeFalse();

    [Fact]
    public void an_interlaced_clip_is_transcoded_to_be_deinterlaced() =>
        (PhoneClip with { IsInterlaced = true }).IsBrowserPlayable.ShouldBeFalse();
}
