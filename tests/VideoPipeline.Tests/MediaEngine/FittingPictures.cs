using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>The size a picture comes out at, for each way of asking (Mux's fit modes), from a 16:9 video of 1280x720.</summary>
public sealed class FittingPictures
{
    [Theory]
    [InlineData(null, null, PictureFit.Preserve, 1280, 720, 1280, 720)]
    [InlineData(320, null, PictureFit.Preserve, 320, 180, 320, 180)]
    [InlineData(null, 90, PictureFit.Preserve, 160, 90, 160, 90)]
    [InlineData(400, 400, PictureFit.Preserve, 400, 225, 400, 225)]
    [InlineData(400, 100, PictureFit.Preserve, 178, 100, 178, 100)]
    [InlineData(100, 300, PictureFit.Stretch, 100, 300, 100, 300)]
    [InlineData(200, 200, PictureFit.Crop, 200, 200, 356, 200)]
    [InlineData(300, 300, PictureFit.Pad, 300, 300, 300, 169)]
    public void a_picture_takes_the_size_its_fit_gives(int? width, int? height, PictureFit fit, int outWidth, int outHeight, int scaledWidth, int scaledHeight)
    {
        var picture = FittedPicture.Of(1280, 720, width, height, fit);

        (picture.Width, picture.Height, picture.ScaledWidth, picture.ScaledHeight).ShouldBe((outWidth, outHeight, scaledWidth, scaledHeight));
    }

    [Fact]
    public void one_side_asked_keeps_the_videos_shape_whatever_the_fit() =>
        FittedPicture.Of(1280, 720, 320, null, PictureFit.Crop).Fit.ShouldBe(PictureFit.Preserve);

    [Fact]
    public void crop_scales_to_cover_the_box_and_cuts_the_middle_and_pad_fills_the_rest_black()
    {
        FittedPicture.Of(1280, 720, 200, 200, PictureFit.Crop).Filters.ShouldBe("scale=356:200,crop=200:200,setsar=1");
        FittedPicture.Of(1280, 720, 300, 300, PictureFit.Pad).Filters.ShouldBe("scale=300:169,pad=300:300:(ow-iw)/2:(oh-ih)/2:black,setsar=1");
    }
}

/// <summary>Which stored segments hold a stretch of a rendition's timeline: the pictures read only those.</summary>
public sealed class FindingTheSegmentsOfAStretch
{
    private const string Playlist = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:4
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:0.500,
        seg_00000.m4s
        #EXTINF:1.000,
        seg_00001.m4s
        #EXTINF:2.000,
        seg_00002.m4s
        #EXTINF:1.500,
        seg_00003.m4s
        #EXT-X-ENDLIST
        """;

    [Theory]
    [InlineData(0, 0, new[] { "seg_00000.m4s" }, 0, 0.5)]
    [InlineData(0.5, 0.5, new[] { "seg_00001.m4s" }, 0.5, 1.5)]
    [InlineData(2, 2, new[] { "seg_00002.m4s" }, 1.5, 3.5)]
    [InlineData(4.99, 4.99, new[] { "seg_00003.m4s" }, 3.5, 5)]
    [InlineData(7, 7, new[] { "seg_00003.m4s" }, 3.5, 5)]
    [InlineData(0.6, 1.5, new[] { "seg_00001.m4s" }, 0.5, 1.5)]
    [InlineData(1, 4, new[] { "seg_00001.m4s", "seg_00002.m4s", "seg_00003.m4s" }, 0.5, 5)]
    public void only_the_segments_holding_the_stretch_are_read(double from, double to, string[] segments, double start, double end)
    {
        var span = SegmentSpan.Covering(Playlist, from, to).ShouldNotBeNull();

        span.InitUri.ShouldBe("init.mp4");
        span.Segments.ShouldBe(segments);
        (span.StartSeconds, span.EndSeconds).ShouldBe((start, end));
    }

    [Fact]
    public void a_playlist_without_segments_has_no_stretch() => SegmentSpan.Covering("#EXTM3U\n", 0, 1).ShouldBeNull();
}
