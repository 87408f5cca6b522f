using System.Collections.Concurrent;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// The slots of one queue shared fairly, cluster-wide (transcodes, URL ingests, webhook deliveries): its name in <see cref="FairTurns"/>,
/// this node's slots, how owners share them, and the jobs this node has in hand (claimed, not yet ended), whose claims
/// the <see cref="TurnDispatcher"/> renews. A module registers its own with <see cref="TurnRegistration.AddSharedSlots{TSlots}"/>.
/// </summary>
public abstract class SharedSlots
{
    private readonly ConcurrentDictionary<Guid, byte> _inHand = new();

    /// <param name="name">The queue's name in the turns table.</param>
    /// <param name="slots">Jobs at once on this node.</param>
    /// <param name="policy">How owners share the queue's slots.</param>
    /// <param name="runMessage">The <see cref="ITurn"/> type a claimed job is sent as, to this node's run queue.</param>
    /// <param name="ownerCapLimit">The name of the owner limit (<c>limits</c> of <c>/admin/owners</c>) that overrides the configured cap.</param>
    /// <param name="perLane">Jobs at once in one lane, cluster-wide (null: no bound).</param>
    protected SharedSlots(string name, int slots, FairShareOptions policy, Type runMessage, string ownerCapLimit, int? perLane = null)
    {
        (Name, Slots, Policy, RunMessage, OwnerCapLimit, PerLane) = (name, slots, policy, runMessage, ownerCapLimit, perLane);
    }

    public string Name { get; }

    public int Slots { get; }

    public FairShareOptions Policy { get; }

    public Type RunMessage { get; }

    public string OwnerCapLimit { get; }

    public int? PerLane { get; }

    public bool AnyFree => _inHand.Count < Slots;

    public IReadOnlyCollection<Guid> InHand => [.. _inHand.Keys];

    /// <summary>A slot of this node was freed: the dispatcher looks for the next job at once.</summary>
    internal event Action? Freed;

    internal void Take(Guid turnId) => _inHand.TryAdd(turnId, 0);

    /// <summary>
    /// The job no longer runs here. Its claim is no longer renewed: unless its row was deleted (the job ended), it is
    /// offered again once its lease runs out. False when it was not in hand (already freed).
    /// </summary>
    public bool Free(Guid turnId)
    {
        if (!_inHand.TryRemove(turnId, out _))
        {
            return false;
        }

        Freed?.Invoke();
        return true;
    }
}
