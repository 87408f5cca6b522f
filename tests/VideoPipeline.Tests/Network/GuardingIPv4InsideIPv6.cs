using System.Net;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Tests.Network;

/// <summary>
/// The guard at connect time, with a real HTTP client: an IPv6 address that carries a loopback, private or metadata IPv4
/// address is refused before any connection is attempted, whether the URL names it, a DNS answer gives it (AAAA), or a
/// redirect leads to it. Only the loopback server the redirects start from is ever reached.
/// </summary>
public sealed class GuardingIPv4InsideIPv6 : GuardSpec
{
    private const string Host = "media.example";

    [Theory]
    [MemberData(nameof(IPv4InsideIPv6.Refused), MemberType = typeof(IPv4InsideIPv6))]
    public async Task a_url_naming_the_address_is_refused_before_connecting(string form, string address, string inside)
    {
        using var client = Client(new NetworkGuard(new NetworkGuardOptions()));

        var thrown = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://[{address}]:{Port}/ok")));

        RefusalIn(thrown).ShouldContain(inside, customMessage: form);
    }

    [Theory]
    [MemberData(nameof(IPv4InsideIPv6.Refused), MemberType = typeof(IPv4InsideIPv6))]
    public async Task a_host_whose_dns_answer_is_the_address_is_refused_before_connecting(string form, string address, string inside)
    {
        using var client = Client(new NetworkGuard(new NetworkGuardOptions(), new Answering(address)));

        var thrown = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://{Host}:{Port}/ok")));

        RefusalIn(thrown).ShouldContain($"'{Host}' resolves to");
        RefusalIn(thrown).ShouldContain(inside, customMessage: form);
    }

    [Theory]
    [MemberData(nameof(IPv4InsideIPv6.Refused), MemberType = typeof(IPv4InsideIPv6))]
    public async Task a_redirect_to_the_address_or_to_a_host_resolving_to_it_is_refused(string form, string address, string inside)
    {
        var guard = new NetworkGuard(new NetworkGuardOptions { AllowedPrivateHosts = ["127.0.0.1"] }, new Answering(address));
        using var client = Client(guard);
        foreach (var target in (string[])[$"http://[{address}]:{Port}/ok", $"http://{Host}:{Port}/ok"])
        {
            Server.MapRedirect("/redirect", target);

            var thrown = await Should.ThrowAsync<Exception>(() => client.GetFollowingAsync(guard, Server.Url("/redirect"), maxRedirects: 5, CancellationToken.None));

            RefusalIn(thrown).ShouldContain(inside, customMessage: $"{form} via {target}");
        }

        Server.CallsTo("/redirect").ShouldBe(2);
    }

    /// <summary>A DNS server's answer, as the guard hears it: <see cref="Host"/> has exactly the one AAAA record given.</summary>
    private sealed class Answering(string address) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Task.FromResult(host == Host ? [IPAddress.Parse(address)] : Array.Empty<IPAddress>());
    }
}
