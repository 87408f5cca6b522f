using VideoPipeline.BuildingBlocks.Security;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// A signed URL has exactly one accepted spelling: <c>sig</c> in lowercase hex, <c>expires</c> in plain decimal (no sign,
/// no leading zero). The same values written another way are refused like a forged URL (403), on every kind of signed URL:
/// the embedded store's <c>/storage</c> URLs (their size limit too), playback grants (HLS, DASH, captions, storyboard) and
/// the embed link.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed partial class SigningWithOneSpelling(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    public static TheoryData<string> PlaybackPaths => new()
    {
        "hls/master.m3u8",
        "hls/480p/index.m3u8",
        "dash/manifest.mpd",
        "dash/480p/seg_00000.m4s",
        "captions/en.vtt",
        "storyboard.vtt",
        "embed",
    };

    [Theory]
    [MemberData(nameof(PlaybackPaths))]
    public async Task a_playback_url_is_accepted_only_as_it_was_signed(string path)
    {
        var id = Guid.NewGuid();
        var signed = App.Host.Services.GetRequiredService<PlaylistGrant>().Query(id, App.Clock.GetUtcNow().AddMinutes(5));
        Uri At(string query) => new($"http://localhost/videos/{id}/{path}?{query}");

        // Past the signature check, the video does not exist: 404 is how a genuine grant for it is answered.
        await Api.GetSignedAsync(At(signed), expectedStatus: 404);
        foreach (var respelled in Respellings(signed))
        {
            var refused = await Api.GetSignedAsync(At(respelled), expectedStatus: 403);
            refused.Context.Response.ContentType.ShouldBe("application/problem+json", respelled);
        }
    }

    [Fact]
    public async Task a_storage_url_is_accepted_only_as_it_was_signed()
    {
        var key = $"videos/{Guid.NewGuid()}/thumb.jpg";
        var signed = App.Storage.PresignGet(key, App.Clock.GetUtcNow().AddMinutes(5));
        Uri At(string query) => new($"{signed.GetLeftPart(UriPartial.Path)}?{query}");

        // Past the signature check, no object is stored there: 404 is how a genuine URL for it is answered.
        await Api.GetSignedAsync(signed, expectedStatus: 404);
        foreach (var respelled in Respellings(signed.Query.TrimStart('?')))
        {
            var refused = await Api.GetSignedAsync(At(respelled), expectedStatus: 403);
            refused.Context.Response.ContentType.ShouldBe("application/problem+json", respelled);
        }
    }

    [Fact]
    public async Task an_upload_url_is_accepted_only_as_it_was_signed_size_limit_included()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 4);
        var query = ticket.Url.Query.TrimStart('?');
        var max = Max().Match(query).Groups[1].Value;
        max.ShouldBe("4");

        foreach (var respelled in Respellings(query).Append(Max().Replace(query, $"max=0{max}")).Append(Max().Replace(query, $"max=%2B{max}")))
        {
            await PutAsync(ticket, respelled, expectedStatus: 403);
        }

        await PutAsync(ticket, query, expectedStatus: 200);
    }

    private Task<Alba.IScenarioResult> PutAsync(UploadTicketDto ticket, string query, int expectedStatus) =>
        App.Host.Scenario(x =>
        {
            x.Put.ByteArray([1, 2, 3, 4]).ToUrl(ticket.Url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?" + query);
                foreach (var (name, value) in ticket.Headers)
                {
                    http.Request.Headers[name] = value;
                }
            });
            x.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>The signed query with its signature in capitals, and its expiry with a leading zero, with a plus sign (escaped, and as a URL's plus, a space).</summary>
    private static IEnumerable<string> Respellings(string query)
    {
        var sig = Sig().Match(query).Groups[1].Value;
        var expires = long.Parse(Expires().Match(query).Groups[1].Value, CultureInfo.InvariantCulture);
        sig.ShouldMatch("^[0-9a-f]{64}$", "the service signs in lowercase hex");
        sig.ShouldMatch("[a-f]", "a signature with no letter reads the same in capitals");
        yield return Sig().Replace(query, $"sig={sig.ToUpperInvariant()}");
        yield return Expires().Replace(query, $"expires=0{expires}");
        yield return Expires().Replace(query, $"expires=%2B{expires}");
        yield return Expires().Replace(query, $"expires=+{expires}");
    }

    [GeneratedRegex("sig=([^&]*)")]
    private static partial Regex Sig();

    [GeneratedRegex("expires=([^&]*)")]
    private static partial Regex Expires();

    [GeneratedRegex("max=([^&]*)")]
    private static partial Regex Max();
}
