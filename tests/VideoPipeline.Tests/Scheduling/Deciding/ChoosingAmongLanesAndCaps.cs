using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Tests.Scheduling.Deciding;

/// <summary>
/// Given the owners' lanes waiting (a webhook endpoint each) and what each has running, when a slot frees, then this job
/// takes it: a lane at its bound waits, the owner's other lanes do not, and an admin's cap for an owner wins over configuration.
/// </summary>
public sealed class ChoosingAmongLanesAndCaps
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> NobodySuspended = new HashSet<string>();

    private static WaitingOwner Lane(string owner, string lane, int queuedMinute, int running = 0, int laneRunning = 0, int? ownCap = null) =>
        new(owner, JobOf(owner, lane), Start.AddMinutes(queuedMinute), running, LastStarted: null, lane, laneRunning, ownCap);

    private static Guid JobOf(string owner, string lane) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{owner}/{lane}")).AsSpan(0, 16));

    [Fact]
    public void a_lane_at_its_bound_waits_and_the_owners_next_lane_goes_though_its_job_came_later()
    {
        var next = FairChoice.Next([Lane("a", "hanging", 0, running: 2, laneRunning: 2), Lane("a", "healthy", 5, running: 2)], new FairShareOptions(), NobodySuspended, perLane: 2);

        next.ShouldBe(JobOf("a", "healthy"));
    }

    [Fact]
    public void without_a_bound_per_lane_the_owners_oldest_job_goes_first()
    {
        var next = FairChoice.Next([Lane("a", "hanging", 0, running: 2, laneRunning: 2), Lane("a", "healthy", 5, running: 2)], new FairShareOptions(), NobodySuspended);

        next.ShouldBe(JobOf("a", "hanging"));
    }

    [Fact]
    public void the_lanes_of_one_owner_share_its_cap()
    {
        var capped = new FairShareOptions { MaxRunningPerOwner = 2 };

        FairChoice.Next([Lane("a", "one", 0, running: 2, laneRunning: 1), Lane("a", "two", 1, running: 2)], capped, NobodySuspended, perLane: 4).ShouldBeNull();
    }

    [Fact]
    public void an_admins_cap_for_the_owner_wins_over_the_configured_one_both_ways()
    {
        var capped = new FairShareOptions { MaxRunningPerOwner = 2 };

        FairChoice.Next([Lane("a", "", 0, running: 1, ownCap: 1)], capped, NobodySuspended).ShouldBeNull("the admin lowered it to one");
        FairChoice.Next([Lane("a", "", 0, running: 3, ownCap: 5)], capped, NobodySuspended).ShouldBe(JobOf("a", ""), "the admin raised it to five");
    }

    [Fact]
    public void a_queue_gives_its_default_cap_only_to_owners_whose_cap_is_not_configured()
    {
        new FairShareOptions().WithDefaultCap(8).CapOf("a").ShouldBe(8);
        new FairShareOptions { MaxRunningPerOwner = 0 }.WithDefaultCap(8).CapOf("a").ShouldBeNull("0 is configured: no cap");
        new FairShareOptions { MaxRunningByOwner = { ["big"] = 20 } }.WithDefaultCap(8).CapOf("big").ShouldBe(20);
    }
}
