namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>The oldest waiting job of an owner in one lane (one webhook endpoint; the owner's only lane elsewhere), as the scheduler sees it when a slot is free.</summary>
/// <param name="OldestJob">The turn of the lane's job queued first.</param>
/// <param name="Running">The owner's jobs running now, on every node, in every lane.</param>
/// <param name="LastStarted">When a job of the owner last started, or null if none ever did.</param>
/// <param name="Lane">The lane ("" when the queue has none): an endpoint's attempts are bounded together, whoever else waits.</param>
/// <param name="LaneRunning">The lane's jobs running now, on every node.</param>
/// <param name="OwnCap">The owner's cap set by an admin (its <c>limits</c>), over the configured one; null when not set.</param>
public sealed record WaitingOwner(
    string OwnerId, Guid OldestJob, DateTimeOffset QueuedAt, int Running, DateTimeOffset? LastStarted, string Lane = "", int LaneRunning = 0, int? OwnCap = null);

/// <summary>
/// Which job a free slot goes to: the decision, without I/O, for every shared queue. The owner with the least work in
/// hand for its weight goes first; between equals, the one served longest ago (so two owners with nothing running
/// alternate, however long one's queue is); then the job queued first. Suspended owners, owners at their cap and lanes
/// at theirs wait.
/// </summary>
public static class FairChoice
{
    public static Guid? Next(IReadOnlyCollection<WaitingOwner> waiting, FairShareOptions policy, IReadOnlySet<string> suspended, int? perLane = null)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(suspended);
        return waiting
            .Where(o => !suspended.Contains(o.OwnerId))
            .Where(o => CapOf(o, policy) is not { } cap || o.Running < cap)
            .Where(o => perLane is not { } laneCap || o.LaneRunning < laneCap)
            .OrderBy(o => o.Running / policy.WeightOf(o.OwnerId))
            .ThenBy(o => o.LastStarted ?? DateTimeOffset.MinValue)
            .ThenBy(o => o.QueuedAt)
            .ThenBy(o => o.OwnerId, StringComparer.Ordinal)
            .ThenBy(o => o.Lane, StringComparer.Ordinal)
            .Select(o => (Guid?)o.OldestJob)
            .FirstOrDefault();
    }

    private static int? CapOf(WaitingOwner owner, FairShareOptions policy) => owner.OwnCap is > 0 ? owner.OwnCap : policy.CapOf(owner.OwnerId);
}
