using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// The embedded store holds a presigned PUT to its terms: the signed Content-Type and at most the declared size. Its
/// signature covers each field on its own, so no field can be moved into a header or into another field.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class PuttingTheBytes(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task more_bytes_than_declared_are_refused_and_nothing_is_stored()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 1000);

        await PutAsync(ticket.Url, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4", 413);

        (await App.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task raising_the_size_limit_in_the_url_breaks_its_signature()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 1000);
        var raised = new Uri(ticket.Url.ToString().Replace("max=1000", "max=100000000", StringComparison.Ordinal));

        await PutAsync(raised, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4", 403);
    }

    [Fact]
    public async Task another_content_type_than_the_signed_one_is_refused()
    {
        var ticket = await Api.RequestUploadAsync();

        await PutAsync(ticket.Url, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "text/html", 403);

        (await App.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_size_limit_moved_out_of_the_url_into_the_content_type_is_refused()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 1000);
        var withoutLimit = new Uri(ticket.Url.ToString().Replace("&max=1000", "", StringComparison.Ordinal));

        await PutAsync(withoutLimit, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4|max:1000", 403);
        await PutAsync(withoutLimit, await File.ReadAllBytesAsync(await TestClips.Landscape480p()), "video/mp4", 403);

        (await App.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_part_url_cannot_write_the_whole_object()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 20_000_000);
        var part = ticket.Multipart.ShouldNotBeNull().Parts[0];
        var asWholeObject = new Uri(Regex.Replace(part.Url.ToString(), "&upload=[^&]*&part=1", ""));

        await PutAsync(asWholeObject, new byte[100], $"part:{ticket.Multipart.UploadId}:1", 403);
        await PutAsync(asWholeObject, new byte[100], "video/mp4", 403);

        (await App.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_part_takes_at_most_its_size()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 20_000_000);
        var multipart = ticket.Multipart.ShouldNotBeNull();

        await PutAsync(multipart.Parts[0].Url, new byte[multipart.PartSizeBytes + 1], "application/octet-stream", 413);
        await PutAsync(multipart.Parts[0].Url, new byte[multipart.PartSizeBytes], "application/octet-stream", 200);
        var last = multipart.Parts[^1];
        await PutAsync(last.Url, new byte[20_000_000 - ((last.PartNumber - 1) * multipart.PartSizeBytes) + 1], "application/octet-stream", 413);
    }

    [Fact]
    public async Task a_field_given_twice_is_refused()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 1000);

        await PutAsync(new Uri(ticket.Url + "&max=100000000"), new byte[10], "video/mp4", 403);
        await PutAsync(new Uri(ticket.Url + "&method=PUT"), new byte[10], "video/mp4", 403);
    }

    [Fact]
    public async Task a_download_url_cannot_upload()
    {
        var ticket = await Api.RequestUploadAsync();
        var download = App.Storage.PresignGet(ticket.Key, DateTimeOffset.UtcNow.AddMinutes(5));

        await PutAsync(new Uri(download.ToString().Replace("method=GET", "method=PUT", StringComparison.Ordinal)), new byte[10], "video/mp4", 403);
        await PutAsync(new Uri(download.ToString().Replace("method=GET", "method=PUT", StringComparison.Ordinal)), new byte[10], "", 403);
    }

    private Task<IScenarioResult> PutAsync(Uri url, byte[] bytes, string contentType, int expectedStatus) =>
        App.Host.Scenario(x =>
        {
            x.Put.ByteArray(bytes).ToUrl(url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new QueryString(url.Query);
                http.Request.ContentType = contentType;
            });
            x.StatusCodeShouldBe(expectedStatus);
        });
}
