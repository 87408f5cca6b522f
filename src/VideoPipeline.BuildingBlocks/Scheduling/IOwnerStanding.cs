namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// Which owners' queued work may start now. The schedulers ask it before they start an owner's job, so a suspended
/// owner's work stays queued (never lost) and starts once the owner is reinstated.
/// </summary>
public interface IOwnerStanding
{
    /// <summary>The owners whose queued work must not start now.</summary>
    Task<IReadOnlySet<string>> SuspendedAsync(CancellationToken ct);
}

/// <summary>While no owner can be suspended: every owner's work may start.</summary>
public sealed class EveryOwnerInGoodStanding : IOwnerStanding
{
    private static readonly IReadOnlySet<string> Nobody = new HashSet<string>(StringComparer.Ordinal);

    public Task<IReadOnlySet<string>> SuspendedAsync(CancellationToken ct) => Task.FromResult(Nobody);
}
