using VideoPipeline.MediaEngine;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given a source's duration and shape, then its storyboard has this many tiles, this far apart, this big.</summary>
public sealed class PlanningAStoryboard
{
    private static SourceMedia Source(double seconds, int width = 1920, int height = 1080) =>
        new(seconds, width, height, true, "h264", "yuv420p", 8, Container.Mp4, 30);

    [Fact]
    public void a_short_video_gets_a_tile_every_two_seconds_ten_to_a_row()
    {
        var plan = StoryboardCapture.Plan(Source(30));

        plan.ShouldBe(new StoryboardPlan(IntervalSeconds: 2, Count: 15, Columns: 10, TileWidth: 160, TileHeight: 90));
        plan.Rows.ShouldBe(2);
    }

    [Fact]
    public void a_clip_shorter_than_the_interval_still_gets_one_tile()
    {
        StoryboardCapture.Plan(Source(0.5)).ShouldBe(new StoryboardPlan(2, 1, 1, 160, 90));
    }

    [Theory]
    [InlineData(600, 6, 100)]
    [InlineData(14_400, 144, 100)]
    [InlineData(201, 3, 67)]
    public void a_long_video_spreads_at_most_a_hundred_tiles_over_its_length(double seconds, double interval, int count)
    {
        var plan = StoryboardCapture.Plan(Source(seconds));

        (plan.IntervalSeconds, plan.Count, plan.Columns).ShouldBe((interval, count, 10));
        plan.Rows.ShouldBeLessThanOrEqualTo(10);
    }

    [Fact]
    public void a_portrait_video_gets_upright_tiles_of_the_same_longer_side()
    {
        var plan = StoryboardCapture.Plan(Source(10, 720, 1280));

        (plan.TileWidth, plan.TileHeight).ShouldBe((90, 160));
    }
}
