namespace VideoPipeline.Modules.Tenants;

public sealed class TenantsOptions
{
    public const string Section = "VideoPipeline:Tenants";

    /// <summary>A key's last use is written at most this often per node (so a busy key costs no write per request).</summary>
    public TimeSpan LastUseResolution { get; set; } = TimeSpan.FromMinutes(1);
}
