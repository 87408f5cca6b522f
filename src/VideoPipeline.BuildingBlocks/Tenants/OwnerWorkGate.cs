namespace VideoPipeline.BuildingBlocks.Tenants;

/// <summary>Whether an owner is suspended, as this node knows it (kept current across nodes by the Tenants module).</summary>
public interface IOwnerStanding
{
    ValueTask<bool> IsSuspendedAsync(string ownerId, CancellationToken ct);

    /// <summary>Every suspended owner, read from the database: for a scheduler choosing among many owners' jobs.</summary>
    Task<IReadOnlySet<string>> SuspendedAsync(CancellationToken ct);
}

/// <summary>
/// The one check queued work passes before it starts (a transcode, a URL ingest, a webhook delivery): a suspended
/// owner's job does not start, it is sent again <see cref="RecheckAfter"/> later (a durable scheduled message), and runs
/// at the first look after the owner is reinstated.
/// </summary>
public sealed class OwnerWorkGate(IOwnerStanding standing, TimeSpan recheckAfter)
{
    public TimeSpan RecheckAfter { get; } = recheckAfter;

    /// <summary>True when the owner's work must wait: the caller schedules the same message <see cref="RecheckAfter"/> later and stops.</summary>
    public async ValueTask<bool> MustWaitAsync(string ownerId, CancellationToken ct) =>
        !string.IsNullOrEmpty(ownerId) && await standing.IsSuspendedAsync(ownerId, ct).ConfigureAwait(false);
}
