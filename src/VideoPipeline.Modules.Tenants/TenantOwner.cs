namespace VideoPipeline.Modules.Tenants;

/// <summary>A customer of the platform: its name, its limit overrides and whether it is suspended.</summary>
public sealed class TenantOwner
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }

    /// <summary>Overrides by <see cref="QuotaNames"/> name; a limit left out is the configured default.</summary>
    public Dictionary<string, long> Limits { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was suspended; null while active.</summary>
    public DateTimeOffset? SuspendedAt { get; set; }

    public bool Suspended => SuspendedAt is not null;
}

/// <summary>An owner as an admin sees it.</summary>
public sealed record OwnerView(string Id, string? Name, string Status, IReadOnlyDictionary<string, long> Limits, DateTimeOffset CreatedAt, DateTimeOffset? SuspendedAt)
{
    public const string Active = "active";
    public const string Suspended = "suspended";

    public static OwnerView From(TenantOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new(owner.Id, owner.Name, owner.Suspended ? Suspended : Active, owner.Limits, owner.CreatedAt, owner.SuspendedAt);
    }
}
