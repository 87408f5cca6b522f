using System.Net;
using Alba;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.RateLimiting;

/// <summary>Per API key, and per client IP without one; over the limit: 429 problem+json with Retry-After.</summary>
[Collection(CdnCollection.Name)]
public sealed class Throttling(CdnApp app) : HostSpec<CdnApp>(app)
{
    [Fact]
    public async Task a_key_over_its_limit_gets_429_with_retry_after_while_other_keys_go_on()
    {
        for (var i = 0; i < CdnApp.PermitsPerKey; i++)
        {
            await Api.GetAsync<VideoPageDto>("/videos", "rate-key-1");
        }

        // A player or a browser asking for anything but JSON still gets the whole problem.
        var refused = await Send("rate-key-1", from: null, expectedStatus: 429, accept: "text/html");
        refused.Context.Response.ContentType.ShouldBe("application/problem+json");
        int.Parse(refused.Context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        using var problem = System.Text.Json.JsonDocument.Parse(refused.ReadAsText());
        var body = problem.RootElement;
        body.GetProperty("status").GetInt32().ShouldBe(429);
        body.GetProperty("type").GetString().ShouldBe("https://www.rfc-editor.org/rfc/rfc6585#section-4");
        body.GetProperty("title").GetString().ShouldBe("Too many requests.");
        body.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("retry in");
        body.GetProperty("traceId").GetString().ShouldNotBeNullOrWhiteSpace();

        await Api.GetAsync<VideoPageDto>("/videos", "rate-key-2");
    }

    [Fact]
    public async Task callers_without_a_valid_key_are_limited_per_client_address()
    {
        var guesser = IPAddress.Parse("198.51.100.7");
        for (var i = 0; i < CdnApp.PermitsPerAnonymousClient; i++)
        {
            await Send($"guess-{i}", guesser, expectedStatus: 401);
        }

        await Send("guess-again", guesser, expectedStatus: 429);
        await Send(key: null, guesser, expectedStatus: 429);
        await Send(key: null, IPAddress.Parse("198.51.100.8"), expectedStatus: 401);
        await App.Host.Scenario(x =>
        {
            x.Get.Url("/health/live");
            x.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = guesser);
            x.StatusCodeShouldBeOk();
        });
    }

    [Fact]
    public async Task a_player_reloading_playlists_is_not_limited_by_the_address_it_shares()
    {
        var viewer = IPAddress.Parse("198.51.100.9");
        for (var i = 0; i < CdnApp.PermitsPerAnonymousClient; i++)
        {
            await Send($"guess-{i}", viewer, expectedStatus: 401);
        }

        await Send(key: null, viewer, expectedStatus: 429);
        // A low-latency player asks for each rendition's playlist and hinted part several times a second: those answer on
        // their grant (here: none, so 403), never 429.
        var video = Guid.NewGuid();
        foreach (var url in (string[])[$"/videos/{video}/hls/master.m3u8", $"/videos/{video}/hls/360p/index.m3u8?_HLS_msn=3&_HLS_part=1", $"/videos/{video}/hls/360p/parts/seg_00003.1.m4s"])
        {
            await App.Host.Scenario(x =>
            {
                x.Get.Url(url);
                x.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = viewer);
                x.StatusCodeShouldBe(403);
            });
        }
    }

    private Task<IScenarioResult> Send(string? key, IPAddress? from, int expectedStatus, string? accept = null) =>
        App.Host.Scenario(x =>
        {
            x.Get.Url("/videos");
            if (accept is not null)
            {
                x.WithRequestHeader("Accept", accept);
            }

            x.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = from ?? http.Connection.RemoteIpAddress);
            if (key is not null)
            {
                x.WithBearerToken(key);
            }

            x.StatusCodeShouldBe(expectedStatus);
        });
}
