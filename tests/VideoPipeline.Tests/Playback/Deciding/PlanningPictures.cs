using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback;
using VideoPipeline.Modules.Playback.ServingImages;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>
/// What a picture is made from and cached as, given the video (10 s, rungs 360p, 720p, 1080p): the smallest rung that
/// covers it, a key named by the normalized parameters, and the refusals only the video can answer.
/// </summary>
public sealed class PlanningPictures
{
    private static readonly Guid Id = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    private static readonly PlayableVideo Video = new()
    {
        Id = Id,
        DurationSeconds = 10,
        DashManifestKey = "manifest.mpd",
        Rungs = [new("360p", 640, 360, "360p/index.m3u8"), new("720p", 1280, 720, "720p/index.m3u8"), new("1080p", 1920, 1080, "1080p/index.m3u8")],
    };

    private static readonly ImageOptions Options = new();

    private static ServeThumbnail Thumbnail(double? time = null, int? width = null, int? height = null, PictureFit fit = PictureFit.Preserve) =>
        new(Id, StillFormat.Jpeg, time, width, height, fit, PlaybackCredential.Grant(0, null));

    private static ServeAnimation Animation(double? start = null, double? end = null, int? width = null, int? fps = null) =>
        new(Id, AnimatedFormat.Gif, start, end, width, null, fps, PlaybackCredential.Grant(0, null));

    [Theory]
    [InlineData(320, "360p")]
    [InlineData(640, "360p")]
    [InlineData(642, "720p")]
    [InlineData(1920, "1080p")]
    public void a_still_is_made_from_the_smallest_rung_that_covers_it(int width, string rung) =>
        ServeThumbnailHandler.Plan(Thumbnail(1, width), Video, Options).Work.ShouldNotBeNull().PlaylistKey.ShouldBe($"{rung}/index.m3u8");

    [Fact]
    public void a_crop_is_made_from_a_rung_as_big_as_the_picture_before_it_is_cut() =>
        ServeThumbnailHandler.Plan(Thumbnail(1, 400, 400, PictureFit.Crop), Video, Options).Work.ShouldNotBeNull().PlaylistKey.ShouldBe("720p/index.m3u8");

    [Fact]
    public void the_same_picture_however_asked_is_one_key()
    {
        var byWidth = ServeThumbnailHandler.Plan(Thumbnail(2.5, 320), Video, Options).Work.ShouldNotBeNull();
        var byHeight = ServeThumbnailHandler.Plan(Thumbnail(2.5004, height: 180), Video, Options).Work.ShouldNotBeNull();

        byHeight.Key.ShouldBe(byWidth.Key);
        byWidth.Key.ShouldBe($"videos/{Id}/images/thumbnail_2500ms_320x180_preserve.jpg");
        (byWidth.FromSeconds, byWidth.ToSeconds).ShouldBe((2.5, 2.5));
    }

    [Fact]
    public void a_still_without_a_time_is_of_the_middle_at_the_biggest_size() =>
        ServeThumbnailHandler.Plan(Thumbnail(), Video, Options).Work.ShouldNotBeNull().Key.ShouldBe($"videos/{Id}/images/thumbnail_5000ms_1920x1080_preserve.jpg");

    [Theory]
    [InlineData(10, "time")]
    [InlineData(12, "time")]
    public void a_time_at_or_past_the_end_is_refused(double time, string parameter) =>
        ServeThumbnailHandler.Plan(Thumbnail(time), Video, Options).Refusal.ShouldNotBeNull().Extensions!["errors"].ShouldBeOfType<Dictionary<string, string[]>>().Keys.ShouldBe([parameter]);

    [Fact]
    public void a_portrait_side_past_the_bound_is_refused_naming_the_side_asked()
    {
        var portrait = new PlayableVideo { Id = Id, DurationSeconds = 10, DashManifestKey = "m", Rungs = [new("1080p", 1080, 1920, "p")] };

        ServeThumbnailHandler.Plan(Thumbnail(1, 1900), portrait, Options).Refusal.ShouldNotBeNull().Extensions!["errors"]
            .ShouldBeOfType<Dictionary<string, string[]>>().Keys.ShouldBe(["width"]);
    }

    [Fact]
    public void an_animation_defaults_to_five_seconds_320_wide_at_15_fps_and_stops_at_the_end()
    {
        ServeAnimationHandler.Plan(Animation(), Video, Options).Work.ShouldNotBeNull().Key.ShouldBe($"videos/{Id}/images/animated_0-5000ms_15fps_320x180_preserve.gif");
        var nearTheEnd = ServeAnimationHandler.Plan(Animation(8), Video, Options).Work.ShouldNotBeNull();
        (nearTheEnd.FromSeconds, nearTheEnd.ToSeconds).ShouldBe((8, 10));
    }

    [Theory]
    [InlineData(10.0, null, null, "start")]
    [InlineData(5.0, 10.5, null, "end")]
    [InlineData(0.0, 10.0, 31, "fps")]
    public void an_animation_past_the_end_or_of_too_many_pictures_is_refused(double start, double? end, int? fps, string parameter) =>
        ServeAnimationHandler.Plan(Animation(start, end, fps: fps), Video, new ImageOptions { MaxFrames = 300 }).Refusal.ShouldNotBeNull().Extensions!["errors"]
            .ShouldBeOfType<Dictionary<string, string[]>>().Keys.ShouldBe([parameter]);
}
