using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Tests.Processing.Deciding;

/// <summary>Given the owners waiting and what each has running, when a slot frees, then this job takes it.</summary>
public sealed class ChoosingTheNextJob
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> NobodySuspended = new HashSet<string>();

    private static WaitingOwner Waiting(string owner, int queuedMinute, int running = 0, int? lastStartedMinute = null) =>
        new(owner, JobOf(owner), Start.AddMinutes(queuedMinute), running, lastStartedMinute is { } m ? Start.AddMinutes(m) : null);

    private static Guid JobOf(string owner) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(owner)).AsSpan(0, 16));

    [Fact]
    public void the_owner_with_nothing_running_goes_before_one_with_a_running_job_however_early_its_backlog_was_queued()
    {
        var next = FairChoice.Next([Waiting("a", queuedMinute: 0, running: 1), Waiting("b", queuedMinute: 9)], new FairShareOptions(), NobodySuspended);

        next.ShouldBe(JobOf("b"));
    }

    [Fact]
    public void between_owners_with_as_much_running_the_one_served_longest_ago_goes_first()
    {
        var next = FairChoice.Next(
            [Waiting("a", queuedMinute: 0, lastStartedMinute: 8), Waiting("b", queuedMinute: 7, lastStartedMinute: 2)], new FairShareOptions(), NobodySuspended);

        next.ShouldBe(JobOf("b"), "a's job just ended and b has waited: a's next job would make b wait behind a's whole backlog");
    }

    [Fact]
    public void an_owner_never_served_goes_before_one_served_before()
    {
        var next = FairChoice.Next([Waiting("a", queuedMinute: 0, lastStartedMinute: 1), Waiting("b", queuedMinute: 5)], new FairShareOptions(), NobodySuspended);

        next.ShouldBe(JobOf("b"));
    }

    [Fact]
    public void with_nothing_else_to_tell_them_apart_the_job_queued_first_goes_first()
    {
        var next = FairChoice.Next([Waiting("b", queuedMinute: 3), Waiting("a", queuedMinute: 1)], new FairShareOptions(), NobodySuspended);

        next.ShouldBe(JobOf("a"));
    }

    [Fact]
    public void a_heavier_owner_may_have_more_running_before_a_lighter_one_goes_first()
    {
        var weights = new FairShareOptions { Weights = { ["a"] = 3 } };

        FairChoice.Next([Waiting("a", 0, running: 2), Waiting("b", 0, running: 1)], weights, NobodySuspended).ShouldBe(JobOf("a"));
        FairChoice.Next([Waiting("a", 0, running: 3), Waiting("b", 0, running: 0)], weights, NobodySuspended).ShouldBe(JobOf("b"));
    }

    [Fact]
    public void an_owner_at_its_cap_waits_even_when_the_slot_would_otherwise_stay_free()
    {
        var capped = new FairShareOptions { MaxRunningByOwner = { ["a"] = 2 } };

        FairChoice.Next([Waiting("a", 0, running: 2)], capped, NobodySuspended).ShouldBeNull();
        FairChoice.Next([Waiting("a", 0, running: 1)], capped, NobodySuspended).ShouldBe(JobOf("a"));
    }

    [Fact]
    public void the_default_cap_holds_every_owner_not_named()
    {
        var capped = new FairShareOptions { MaxRunningPerOwner = 1, MaxRunningByOwner = { ["big"] = 0 } };

        FairChoice.Next([Waiting("a", 0, running: 1), Waiting("big", 1, running: 5)], capped, NobodySuspended).ShouldBe(JobOf("big"), "0 is no cap");
    }

    [Fact]
    public void a_suspended_owners_jobs_wait()
    {
        var next = FairChoice.Next([Waiting("a", 0)], new FairShareOptions(), new HashSet<string> { "a" });

        next.ShouldBeNull();
    }
}
