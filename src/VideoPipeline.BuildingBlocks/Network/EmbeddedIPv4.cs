using System.Net;
using System.Net.Sockets;

namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>
/// The IPv4 addresses an IPv6 address carries, in every form that carries one: where a packet to it may end up once a
/// translator, relay or tunnel on the way unwraps it. Teredo carries two (its server's and its client's), and both count.
/// </summary>
public static class EmbeddedIPv4
{
    private static readonly IPNetwork IPv4Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64LocalUse = IPNetwork.Parse("64:ff9b:1::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    /// <summary>The form's name and the IPv4 addresses <paramref name="address"/> carries; none for a plain IPv6 address.</summary>
    public static (string Form, IReadOnlyList<IPAddress> Addresses) Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ("", []);
        }

        var bytes = address.GetAddressBytes();
        return address switch
        {
            // ::ffff:0:0/96, asked of the address itself: IPNetwork.Contains treats it as the IPv4 address it maps.
            { IsIPv4MappedToIPv6: true } => ("IPv4-mapped", [At(bytes, 12)]),
            _ when IPv4Translated.Contains(address) => ("IPv4-translated", [At(bytes, 12)]),
            _ when IPv4Compatible.Contains(address) => ("IPv4-compatible", [At(bytes, 12)]),
            _ when Nat64WellKnown.Contains(address) => ("NAT64", [At(bytes, 12)]),
            // Under the local-use prefix 64:ff9b:1::/48 only the /96 layout (the one DNS64 makes) places the IPv4 address
            // for sure; AddressPolicy refuses the other addresses under it.
            _ when Nat64LocalUse.Contains(address) => ("local-use NAT64", [At(bytes, 12)]),
            _ when SixToFour.Contains(address) => ("6to4", [At(bytes, 2)]),
            // RFC 4380: the Teredo server is bytes 4-7; the client's address is the last four bytes, each inverted.
            _ when Teredo.Contains(address) => ("Teredo", [At(bytes, 4), new IPAddress(bytes[12..].Select(b => (byte)~b).ToArray())]),
            _ => ("", []),
        };
    }

    private static IPAddress At(byte[] bytes, int offset) => new(bytes.AsSpan(offset, 4));
}
