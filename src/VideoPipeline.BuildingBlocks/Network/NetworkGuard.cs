using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>
/// The one guard of every outbound request the service makes on a user's behalf (webhook deliveries, URL ingest). It
/// decides at connect time, on the addresses the host resolves to right then, and connects only to an address it
/// accepted, so a DNS answer cannot change between the check and the connection. Every connection is judged, so
/// every redirect hop is too. Hosts listed in <see cref="NetworkGuardOptions.AllowedPrivateHosts"/> are exempt. Host
/// names are resolved by <paramref name="resolver"/> (the system's DNS unless given another).
/// </summary>
public sealed class NetworkGuard(NetworkGuardOptions options, IHostResolver? resolver = null)
{
    private readonly IHostResolver _resolver = resolver ?? SystemDns.Instance;
    private readonly HashSet<string> _allowed = new(options.AllowedPrivateHosts.Select(h => h.Trim().Trim('[', ']')), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="host"/> may resolve to private addresses (it is listed as allowed).</summary>
    public bool IsAllowedPrivateHost(string host) => _allowed.Contains(host.Trim('[', ']'));

    /// <summary>
    /// Why a URL cannot be requested whatever its host resolves to (not http or https, credentials in it, an IP literal the
    /// guard refuses), or null. Hosts named by DNS are judged when connecting.
    /// </summary>
    public string? RefusalOf(Uri url) => RefusalOf(url, Uri.UriSchemeHttp, Uri.UriSchemeHttps);

    /// <summary>The same judgement for a URL of another protocol (<paramref name="secure"/> its TLS form), e.g. rtmp and rtmps.</summary>
    public string? RefusalOf(Uri url, string plain, string secure)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != plain && url.Scheme != secure) || url.Host.Length == 0)
        {
            return $"must be an absolute {plain} or {secure} URL.";
        }

        if (url.UserInfo.Length > 0)
        {
            return "must not carry credentials (user:password@).";
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && !IsAllowedPrivateHost(url.IdnHost) &&
            IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address) && AddressPolicy.RefusalOf(address) is { } reason)
        {
            return $"names {reason}, which the service does not connect to.";
        }

        return null;
    }

    /// <summary>
    /// A handler whose every connection goes through the guard: no proxy, no automatic redirects, bounded connects, and
    /// none of the service's own trace context (traceparent, tracestate, baggage, Request-Id) in what it sends to a host a
    /// user chose. The client span is still recorded when tracing is on; only its propagation is off.
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        ConnectCallback = ConnectAsync,
        ConnectTimeout = connectTimeout,
        // A proxy would make the connection, unguarded, on our behalf; redirects are followed by the caller, hop by hop.
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
    };

    /// <summary>
    /// The addresses of <paramref name="host"/> the service may connect to right now, resolved once: a connection made by
    /// another program (ffmpeg) is given one of these literally, so its own resolution cannot differ. Throws
    /// <see cref="OutboundRequestRefusedException"/> when there is none.
    /// </summary>
    public async Task<IPAddress[]> PermittedAddressesAsync(string host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolver.ResolveAsync(host, ct);
        var permitted = IsAllowedPrivateHost(host) ? addresses : addresses.Where(a => AddressPolicy.RefusalOf(a) is null).ToArray();
        if (permitted.Length == 0)
        {
            var reason = addresses.Length == 0 ? "no address" : AddressPolicy.RefusalOf(addresses[0]);
            throw new OutboundRequestRefusedException($"'{host}' resolves to {reason}, which the service does not connect to on a user's behalf.");
        }

        return permitted;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var permitted = await PermittedAddressesAsync(context.DnsEndPoint.Host, ct);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
