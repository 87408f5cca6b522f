namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>An owner with queued transcodes, as the scheduler sees it when a slot is free.</summary>
/// <param name="OldestJob">The video of the owner's job queued first.</param>
/// <param name="Running">The owner's jobs running now, on every node.</param>
/// <param name="LastStarted">When a job of the owner last started, or null if none ever did.</param>
public sealed record WaitingOwner(string OwnerId, Guid OldestJob, DateTimeOffset QueuedAt, int Running, DateTimeOffset? LastStarted);

/// <summary>
/// Which job a free slot goes to: the decision, without I/O. The owner with the least work in hand for its weight goes
/// first; between equals, the one served longest ago (so two owners with nothing running alternate, however long one's
/// queue is); then the job queued first. Suspended owners and owners at their cap wait.
/// </summary>
public static class FairChoice
{
    public static Guid? Next(IReadOnlyCollection<WaitingOwner> waiting, FairShareOptions policy, IReadOnlySet<string> suspended)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(suspended);
        return waiting
            .Where(o => !suspended.Contains(o.OwnerId))
            .Where(o => policy.CapOf(o.OwnerId) is not { } cap || o.Running < cap)
            .OrderBy(o => o.Running / policy.WeightOf(o.OwnerId))
            .ThenBy(o => o.LastStarted ?? DateTimeOffset.MinValue)
            .ThenBy(o => o.QueuedAt)
            .ThenBy(o => o.OwnerId, StringComparer.Ordinal)
            .Select(o => (Guid?)o.OldestJob)
            .FirstOrDefault();
    }
}
