using System.Net;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Tests.Network.Deciding;

/// <summary>Which resolved addresses a request made on a user's behalf may connect to.</summary>
public sealed class JudgingAddresses
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.31.255.1", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.169.254", "metadata")]
    [InlineData("fd00:ec2::254", "metadata")]
    [InlineData("169.254.10.10", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.12.1", "carrier-grade NAT")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "metadata")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "metadata")]
    [InlineData("2002:a9fe:a9fe::1", "metadata")]
    public void an_address_of_the_machine_its_network_or_its_cloud_is_refused_with_the_reason(string address, string reason) =>
        AddressPolicy.RefusalOf(IPAddress.Parse(address)).ShouldNotBeNull().ShouldContain(reason);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    public void a_public_address_is_reached(string address) =>
        AddressPolicy.RefusalOf(IPAddress.Parse(address)).ShouldBeNull();
}
