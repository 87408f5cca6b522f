using System.Net;
using Microsoft.AspNetCore.Http;
using VideoPipeline.BuildingBlocks.Network;

namespace VideoPipeline.Tests.Network;

/// <summary>
/// The one guard of requests made on a user's behalf, with a real HTTP client and a real server on loopback: it decides
/// on the address a host resolves to when connecting, and again on every redirect, and lets through only hosts the
/// configuration allows.
/// </summary>
public sealed class GuardingOutboundRequests : GuardSpec
{
    public static TheoryData<string> Refused => new()
    {
        "http://127.0.0.1:{port}/ok",
        "http://localhost:{port}/ok",
        "http://[::1]:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://0.0.0.0:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.20.30.40/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task a_request_to_a_loopback_private_link_local_or_metadata_address_is_refused_before_connecting(string url)
    {
        using var client = Client(new NetworkGuard(new NetworkGuardOptions()));

        var thrown = await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync(new Uri(url.Replace("{port}", Port))));

        thrown.InnerException.ShouldBeOfType<OutboundRequestRefusedException>().Reason.ShouldContain("which the service does not connect to");
        Server.CallsTo("/ok").ShouldBe(0);
    }

    [Fact]
    public async Task a_host_the_configuration_allows_is_reached_although_it_is_loopback()
    {
        using var client = Client(new NetworkGuard(new NetworkGuardOptions { AllowedPrivateHosts = ["127.0.0.1"] }));

        using var response = await client.GetAsync(Server.Url("/ok"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Server.CallsTo("/ok").ShouldBe(1);
    }

    [Theory]
    [InlineData("http://localhost:{port}/ok", "'localhost' resolves to a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "the cloud metadata service")]
    [InlineData("http://10.0.0.7/", "a private address")]
    [InlineData("file:///etc/passwd", "must be an absolute http or https URL")]
    [InlineData("gopher://127.0.0.1:{port}/", "must be an absolute http or https URL")]
    public async Task a_redirect_from_an_allowed_host_to_a_refused_address_is_refused(string target, string reason)
    {
        var guard = new NetworkGuard(new NetworkGuardOptions { AllowedPrivateHosts = ["127.0.0.1"] });
        using var client = Client(guard);
        Server.MapRedirect("/redirect", target.Replace("{port}", Port));

        var thrown = await Should.ThrowAsync<Exception>(() => client.GetFollowingAsync(guard, Server.Url("/redirect"), maxRedirects: 5, CancellationToken.None));

        RefusalIn(thrown).ShouldContain(reason);
        Server.CallsTo("/redirect").ShouldBe(1);
    }

    [Fact]
    public async Task redirects_are_followed_only_so_many_times()
    {
        var guard = new NetworkGuard(new NetworkGuardOptions { AllowedPrivateHosts = ["127.0.0.1"] });
        using var client = Client(guard);
        Server.MapRedirect("/loop", "/loop", StatusCodes.Status307TemporaryRedirect);
        Server.MapRedirect("/hop", "/ok", StatusCodes.Status301MovedPermanently);

        var refused = await Should.ThrowAsync<OutboundRequestRefusedException>(() => client.GetFollowingAsync(guard, Server.Url("/loop"), maxRedirects: 3, CancellationToken.None));
        using var followed = await client.GetFollowingAsync(guard, Server.Url("/hop"), maxRedirects: 3, CancellationToken.None);

        refused.Reason.ShouldContain("more than 3 times");
        Server.CallsTo("/loop").ShouldBe(4);
        followed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
