using VideoPipeline.Operations.LiveUpdates;

namespace VideoPipeline.Tests.Operations.Deciding;

/// <summary>How many live-change streams one node holds open: a bounded share per API key, and a bound in all.</summary>
public sealed class HoldingChangeStreams
{
    [Fact]
    public void a_key_holds_at_most_its_share_and_a_released_stream_makes_room()
    {
        var slots = new ChangeStreamSlots(new LiveChangesOptions { MaxStreamsPerKey = 2, MaxStreamsPerNode = 10 });
        var first = slots.TryTake("key:a").Slot.ShouldNotBeNull();
        slots.TryTake("key:a").Slot.ShouldNotBeNull();

        var (refused, why) = slots.TryTake("key:a");
        var other = slots.TryTake("key:b").Slot;
        first.Dispose();
        first.Dispose();
        var again = slots.TryTake("key:a").Slot;

        refused.ShouldBeNull();
        why.ShouldNotBeNull().ShouldContain("This API key already holds 2 live-change streams");
        other.ShouldNotBeNull("another key has its own share");
        again.ShouldNotBeNull("a released stream makes room, once however often it is released");
        slots.TryTake("key:a").Slot.ShouldBeNull();
    }

    [Fact]
    public void a_node_holds_at_most_its_bound_whichever_keys_ask()
    {
        var slots = new ChangeStreamSlots(new LiveChangesOptions { MaxStreamsPerKey = 4, MaxStreamsPerNode = 3 });
        var held = Enumerable.Range(1, 3).Select(n => slots.TryTake($"key:{n}").Slot.ShouldNotBeNull()).ToList();

        var (refused, why) = slots.TryTake("key:4");
        held[0].Dispose();

        refused.ShouldBeNull();
        why.ShouldNotBeNull().ShouldContain("This node already serves 3 live-change streams");
        slots.TryTake("key:4").Slot.ShouldNotBeNull();
        slots.Open.ShouldBe(3);
    }

    [Fact]
    public void many_streams_asked_at_once_never_pass_either_bound()
    {
        var slots = new ChangeStreamSlots(new LiveChangesOptions { MaxStreamsPerKey = 4, MaxStreamsPerNode = 10 });
        var taken = new (string Key, ChangeStreamSlots.Slot? Slot)[40];

        Parallel.For(0, taken.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n => taken[n] = ($"key:{n % 5}", slots.TryTake($"key:{n % 5}").Slot));

        var granted = taken.Where(t => t.Slot is not null).ToList();
        granted.Count.ShouldBe(10);
        granted.GroupBy(t => t.Key).ShouldAllBe(g => g.Count() <= 4);
        slots.Open.ShouldBe(10);
        granted.ForEach(t => t.Slot!.Dispose());
        slots.Open.ShouldBe(0);
    }
}
