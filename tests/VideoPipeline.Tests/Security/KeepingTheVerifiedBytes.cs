using VideoPipeline.BuildingBlocks.Storage;
using Microsoft.AspNetCore.Http;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Processing reads exactly the bytes completion verified. The embedded store refuses to replace a completed upload;
/// S3 cannot refuse a presigned PUT, so the download is pinned to the ETag and size completion saw.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class KeepingTheVerifiedBytes_with_the_embedded_store(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_completed_upload_cannot_be_replaced_through_its_upload_url()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        var sealedHead = await App.Storage.HeadAsync(ticket.Key, CancellationToken.None);

        var replacement = await File.ReadAllBytesAsync(await TestClips.Tiny());
        var refused = await App.Host.Scenario(x =>
        {
            x.Put.ByteArray(replacement).ToUrl(ticket.Url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new QueryString(ticket.Url.Query);
                http.Request.Headers.ContentType = ticket.Headers["Content-Type"];
            });
            x.StatusCodeShouldBe(409);
        });

        (await refused.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("can no longer be replaced");
        (await App.Storage.HeadAsync(ticket.Key, CancellationToken.None)).ShouldBe(sealedHead);
        (await Api.VideoAsync(ticket.VideoId)).Variants.ShouldContain(v => v.Resolution == "480p");
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class KeepingTheVerifiedBytes_with_S3(S3StorageApp app) : HostSpec<S3StorageApp>(app)
{
    private static readonly HttpClient Client = new();

    [Fact]
    public async Task an_upload_replaced_after_completion_is_refused_clearly_instead_of_processing_other_bytes()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        var replacement = await File.ReadAllBytesAsync(await TestClips.Tiny());
        var replaced = 0;
        App.Outage.Interfere(async (operation, key) =>
        {
            // The moment between completion and processing reading it: the uploader PUTs other bytes with its still-valid URL.
            if (operation == "locate" && key == ticket.Key && Interlocked.Exchange(ref replaced, 1) == 0)
            {
                using var put = new ByteArrayContent(replacement);
                put.Headers.TryAddWithoutValidation("Content-Type", ticket.Headers["Content-Type"]);
                (await Client.PutAsync(ticket.Url, put)).EnsureSuccessStatusCode();
            }
        });

        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        replaced.ShouldBe(1);
        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1, "a replaced upload is final: no retries");
        video.LastError.ShouldNotBeNull().ShouldContain("replaced after it was verified");
        video.Variants.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_object_whose_bytes_no_longer_match_its_checksum_is_reported_corrupt_not_unavailable()
    {
        // What s3rver keeps of a PUT cut off by a crash: the stored bytes changed behind the checksum they were stored with.
        var key = $"videos/{Guid.NewGuid()}/cmaf/720p/index.m3u8";
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.m3u8");
        await File.WriteAllTextAsync(path, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:1.000,\nseg_00000.m4s\n");
        await App.Storage.UploadFileAsync(key, path, VideoPipeline.Contracts.StreamingLayout.PlaylistContentType, CancellationToken.None);
        File.Delete(path);
        var stored = Path.Combine(Repository.Root, ".local", "s3rver-data", TestEnvironment.S3Bucket, key + "._S3rver_object");
        File.Exists(stored).ShouldBeTrue($"s3rver keeps {key} at {stored}");
        await File.WriteAllTextAsync(stored, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTIN");

        var corrupt = await Should.ThrowAsync<ObjectCorruptException>(() => App.Storage.ReadAllBytesAsync(key, CancellationToken.None));

        corrupt.Key.ShouldBe(key);
    }
}
