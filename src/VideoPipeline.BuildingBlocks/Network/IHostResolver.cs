using System.Net;

namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>How the <see cref="NetworkGuard"/> learns the addresses a host name has, right when it connects.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system's resolver (DNS, the hosts file): what the guard asks unless given another.</summary>
public sealed class SystemDns : IHostResolver
{
    public static readonly SystemDns Instance = new();

    private SystemDns()
    {
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}
