namespace VideoPipeline.Tests.Network;

/// <summary>
/// Every IPv6 form that carries an IPv4 address, each written around a loopback, a private and the metadata address, and
/// around a public one: what the guard must judge by the IPv4 address inside. Written by hand from the RFCs, not from the
/// guard's code.
/// </summary>
public static class IPv4InsideIPv6
{
    /// <summary>(form, IPv6 address, what the IPv4 address inside it is).</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        { "IPv4-mapped", "::ffff:7f00:1", "loopback" },
        { "IPv4-mapped", "::ffff:a00:1", "private" },
        { "IPv4-mapped", "::ffff:a9fe:a9fe", "metadata" },
        { "IPv4-translated", "::ffff:0:7f00:1", "loopback" },
        { "IPv4-translated", "::ffff:0:a00:1", "private" },
        { "IPv4-translated", "::ffff:0:a9fe:a9fe", "metadata" },
        { "IPv4-compatible", "::7f00:1", "loopback" },
        { "IPv4-compatible", "::a00:1", "private" },
        { "IPv4-compatible", "::a9fe:a9fe", "metadata" },
        { "NAT64", "64:ff9b::7f00:1", "loopback" },
        { "NAT64", "64:ff9b::a00:1", "private" },
        { "NAT64", "64:ff9b::a9fe:a9fe", "metadata" },
        { "local-use NAT64", "64:ff9b:1::7f00:1", "loopback" },
        { "local-use NAT64", "64:ff9b:1::a00:1", "private" },
        { "local-use NAT64", "64:ff9b:1::a9fe:a9fe", "metadata" },
        { "6to4", "2002:7f00:1::1", "loopback" },
        { "6to4", "2002:a00:1::1", "private" },
        { "6to4", "2002:a9fe:a9fe::1", "metadata" },
        // Teredo: server 65.54.227.120 (public) in bits 32-63, the client's IPv4 address inverted in the last 32 bits.
        { "Teredo", "2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback" },
        { "Teredo", "2001:0:4136:e378:8000:63bf:f5ff:fffe", "private" },
        { "Teredo", "2001:0:4136:e378:8000:63bf:5601:5601", "metadata" },
        // Teredo: client 8.8.8.8 (public), the server refused.
        { "Teredo", "2001:0:7f00:1:8000:63bf:f7f7:f7f7", "loopback" },
        { "Teredo", "2001:0:a00:1:8000:63bf:f7f7:f7f7", "private" },
        { "Teredo", "2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7", "metadata" },
    };

    /// <summary>(form, IPv6 address) carrying 8.8.8.8.</summary>
    public static TheoryData<string, string> Public => new()
    {
        { "IPv4-mapped", "::ffff:808:808" },
        { "IPv4-translated", "::ffff:0:808:808" },
        { "IPv4-compatible", "::808:808" },
        { "NAT64", "64:ff9b::808:808" },
        { "local-use NAT64", "64:ff9b:1::808:808" },
        { "6to4", "2002:808:808::1" },
        { "Teredo", "2001:0:4136:e378:8000:63bf:f7f7:f7f7" },
    };
}
