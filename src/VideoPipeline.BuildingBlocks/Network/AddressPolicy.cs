using System.Net;
using System.Net.Sockets;

namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>
/// Which addresses a request made on a user's behalf may connect to: the public internet only. Everything a stranger could
/// use to reach the service's own machine, its network or its cloud's metadata service is refused, with the reason.
/// </summary>
public static class AddressPolicy
{
    // The first network that holds an address says why it is refused (the metadata service before its link-local range).
    // A network only ever holds addresses of its own family, so one list serves IPv4 and IPv6.
    private static readonly (IPNetwork Network, string Reason)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.169.254/32"), "the cloud metadata service"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol assignment (RFC 6890)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address (RFC 2544)"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fd00:ec2::254/128"), "the cloud metadata service"),
        (IPNetwork.Parse("fc00::/7"), "a unique local (private) address (RFC 4193)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address (RFC 6666)"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
    ];

    // The local-use NAT64 prefix (RFC 8215) lets each network choose its prefix length, and so where in the address the
    // IPv4 part sits: only its /96 layout (64:ff9b:1::a.b.c.d, as DNS64 writes it) can be judged by that IPv4 address.
    private static readonly IPNetwork LocalUseNat64 = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork LocalUseNat64As96 = IPNetwork.Parse("64:ff9b:1::/96");

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it is a public address.</summary>
    public static string? RefusalOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "not an IP address";
        }

        // IPNetwork finds an IPv4-mapped address in the IPv4 networks; it is judged below, with its form named.
        if (!address.IsIPv4MappedToIPv6 && Refused.FirstOrDefault(r => r.Network.Contains(address)).Reason is { } reason)
        {
            return reason;
        }

        if (LocalUseNat64.Contains(address) && !LocalUseNat64As96.Contains(address))
        {
            return "a local-use NAT64 address (RFC 8215) outside 64:ff9b:1::/96, whose IPv4 address depends on the network";
        }

        // An IPv6 address that carries an IPv4 one reaches that IPv4 address through a translator, relay or tunnel: it
        // is judged by every IPv4 address it may reach.
        var (form, embedded) = EmbeddedIPv4.Of(address);
        return embedded.Select(RefusalOf).FirstOrDefault(r => r is not null) is { } inner ? $"{inner} (in the {form} form of an IPv6 address)" : null;
    }
}
