using System.Net;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Tests.Network.Deciding;

/// <summary>An IPv6 address that carries an IPv4 address is judged by the IPv4 address it may reach through a translator, relay or tunnel.</summary>
public sealed class JudgingIPv4InsideIPv6
{
    [Theory]
    [MemberData(nameof(IPv4InsideIPv6.Refused), MemberType = typeof(IPv4InsideIPv6))]
    public void an_ipv6_form_carrying_a_loopback_private_or_metadata_ipv4_address_is_refused_naming_both(string form, string address, string inside)
    {
        var reason = AddressPolicy.RefusalOf(IPAddress.Parse(address)).ShouldNotBeNull();

        reason.ShouldContain(inside);
        reason.ShouldContain($"the {form} form");
    }

    [Theory]
    [MemberData(nameof(IPv4InsideIPv6.Public), MemberType = typeof(IPv4InsideIPv6))]
    public void an_ipv6_form_carrying_a_public_ipv4_address_is_reached(string form, string address) =>
        AddressPolicy.RefusalOf(IPAddress.Parse(address)).ShouldBeNull(form);

    [Theory]
    [InlineData("64:ff9b:1:7f00:0:100::")]
    [InlineData("64:ff9b:1:808:8:800::")]
    [InlineData("64:ff9b:1:0:808:808::")]
    public void a_local_use_nat64_address_outside_its_96_layout_is_refused_as_its_ipv4_address_depends_on_the_network(string address) =>
        AddressPolicy.RefusalOf(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain("local-use NAT64");
}
