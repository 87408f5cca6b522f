namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>
/// An owner limit that is not a counted quota (<see cref="VideoPipeline.Contracts.QuotaNames.PerOwnerLimits"/>: the cost
/// of one job, a cap on work at once), registered by the module that enforces it: the range an admin may set it to, and
/// its configured default for an owner (null: none). An admin's value is stored with the quota overrides.
/// </summary>
public sealed record OwnerLimitDefinition(string Name, long Min, long Max, Func<string, double?> DefaultFor)
{
    /// <summary>The highest cap on an owner's work at once an admin may set.</summary>
    public const long MostAtOnce = 10_000;

    /// <summary>A cap on an owner's jobs at once: 1 to <see cref="MostAtOnce"/>, its default from configuration.</summary>
    public static OwnerLimitDefinition AtOnce(string name, Func<string, int?> configured) =>
        new(name, 1, MostAtOnce, owner => configured(owner));
}
