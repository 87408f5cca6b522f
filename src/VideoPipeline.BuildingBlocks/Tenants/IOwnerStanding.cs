namespace VideoPipeline.BuildingBlocks.Tenants;

/// <summary>Whether an owner is suspended, as this node knows it (kept current across nodes by the Tenants module).</summary>
public interface IOwnerStanding
{
    ValueTask<bool> IsSuspendedAsync(string ownerId, CancellationToken ct);

    /// <summary>Every suspended owner, read from the database: for the scheduler choosing among many owners' jobs, which passes theirs over.</summary>
    Task<IReadOnlySet<string>> SuspendedAsync(CancellationToken ct);
}
