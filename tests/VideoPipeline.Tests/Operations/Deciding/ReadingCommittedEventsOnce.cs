using VideoPipeline.Operations.LiveUpdates;

namespace VideoPipeline.Tests.Operations.Deciding;

/// <summary>
/// A node hands on each committed event once, whatever order transactions commit in: a sequence found missing below
/// one already read is asked for again until it shows up, or until every transaction that could hold it has ended.
/// </summary>
public sealed class ReadingCommittedEventsOnce
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private readonly ReadingPosition _position = new(TimeSpan.FromSeconds(2));

    public ReadingCommittedEventsOnce() => _position.StartAfter(10);

    [Fact]
    public void a_sequence_committed_after_a_higher_one_is_handed_on_when_it_shows_up()
    {
        var first = _position.Take([12, 13], endedBefore: 100, startedBefore: 105, Start);
        var second = _position.Take([11, 14], endedBefore: 104, startedBefore: 106, Start.AddMilliseconds(5));

        first.ShouldBe([12L, 13L]);
        second.ShouldBe([11L, 14L]);
        _position.Gaps.ShouldBeEmpty();
        _position.Floor.ShouldBe(14);
    }

    [Fact]
    public void nothing_is_handed_on_twice_however_often_it_is_read()
    {
        _position.Take([11, 13], 100, 105, Start);

        var again = _position.Take([11, 12, 13], 100, 105, Start.AddMilliseconds(5));
        var thirdRead = _position.Take([12, 13], 100, 105, Start.AddMilliseconds(10));

        again.ShouldBe([12L]);
        thirdRead.ShouldBeEmpty();
        _position.Floor.ShouldBe(13);
    }

    [Fact]
    public void a_gap_is_given_up_only_once_every_transaction_that_could_hold_it_has_ended_and_it_stayed_missing()
    {
        _position.Take([12], endedBefore: 100, startedBefore: 105, Start);

        _position.Take([], endedBefore: 105, startedBefore: 107, Start.AddSeconds(1));
        _position.Gaps.ShouldBe([11L], "every writer has ended, but the sequence may have been drawn a moment before its writer began");
        _position.Take([], endedBefore: 104, startedBefore: 107, Start.AddSeconds(5));
        _position.Gaps.ShouldBe([11L], "a transaction that began before 105 may still commit it");
        _position.Take([], endedBefore: 105, startedBefore: 107, Start.AddSeconds(6));

        _position.Gaps.ShouldBeEmpty();
        _position.Floor.ShouldBe(12);
    }

    [Fact]
    public void a_read_asks_for_the_gaps_and_what_is_above_the_highest_seen()
    {
        _position.Take([11, 14], 100, 105, Start);

        _position.Highest.ShouldBe(14);
        _position.Gaps.Order().ShouldBe([12L, 13L]);
        _position.Floor.ShouldBe(11);
    }
}
