using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Processing.JobCost;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given what the probe found, then the job costs this much, may run this long, or is refused naming the limit.</summary>
public sealed class EstimatingTheCost
{
    private static SourceMedia Source(int width, int height, double seconds, double fps) =>
        new(seconds, width, height, HasAudio: true, "h264", "yuv420p", 8, Container.Of("mov,mp4,m4a,3gp,3g2,mj2")!, fps);

    [Fact]
    public void a_job_costs_every_frame_decoded_at_the_source_size_and_encoded_at_every_rung()
    {
        var cost = CostEstimate.Of(Source(1920, 1080, seconds: 10, fps: 30));

        cost.Frames.ShouldBe(300);
        cost.Rungs.ShouldBe(4);
        var pixelsPerFrame = (1920 * 1080) + (1920 * 1080) + (1280 * 720) + (854 * 480) + (640 * 360);
        cost.Gigapixels.ShouldBe(300.0 * pixelsPerFrame / 1e9, tolerance: 1e-9);
    }

    [Fact]
    public void a_small_8k_still_at_30_fps_costs_more_than_a_long_small_video()
    {
        var still = CostEstimate.Of(Source(7680, 4320, seconds: 20, fps: 30));
        var long360p = CostEstimate.Of(Source(640, 360, seconds: 600, fps: 30));

        still.Gigapixels.ShouldBeGreaterThan(long360p.Gigapixels);
    }

    [Fact]
    public void a_job_over_its_owners_limit_is_refused_naming_the_limit_and_the_cost()
    {
        var source = Source(7680, 4320, seconds: 4 * 60 * 60, fps: 30);
        var options = new JobCostOptions();

        var refusal = CostEstimate.Of(source).RefusalFor("dev", source, options);

        refusal.ShouldNotBeNull().ShouldContain("transcodeGigapixelsPerJob");
        refusal.ShouldContain("7680x4320 at 30 fps");
        refusal.ShouldContain("2000 gigapixels");
    }

    [Fact]
    public void an_owner_with_a_higher_limit_may_run_what_the_default_refuses()
    {
        var source = Source(7680, 4320, seconds: 120, fps: 30);
        var options = new JobCostOptions { LimitGigapixels = 100, LimitByOwner = { ["studio"] = 10_000 } };

        CostEstimate.Of(source).RefusalFor("dev", source, options).ShouldNotBeNull();
        CostEstimate.Of(source).RefusalFor("studio", source, options).ShouldBeNull();
    }

    [Fact]
    public void a_runs_wall_time_follows_its_cost_not_its_duration()
    {
        var options = new JobCostOptions { RunSecondsPerGigapixel = 40 };
        var still = CostEstimate.Of(Source(7680, 4320, seconds: 20, fps: 30));
        var small = CostEstimate.Of(Source(640, 360, seconds: 20, fps: 30));

        still.WallTime(TimeSpan.FromMinutes(1), options).ShouldBe(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(still.Gigapixels * 40));
        small.WallTime(TimeSpan.FromMinutes(1), options).ShouldBeLessThan(still.WallTime(TimeSpan.FromMinutes(1), options) / 10);
    }
}
