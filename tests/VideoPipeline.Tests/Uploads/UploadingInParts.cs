using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>A file over the multipart threshold goes up in parts, each to its own presigned URL, and is joined on completion.</summary>
public abstract class UploadingInParts<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    [Fact]
    public async Task a_large_file_uploaded_in_parts_is_joined_byte_for_byte_and_processed()
    {
        var bytes = await File.ReadAllBytesAsync(await TestClips.Big());
        var ticket = await Api.RequestUploadAsync(sizeBytes: bytes.Length);
        var multipart = ticket.Multipart.ShouldNotBeNull();
        multipart.Parts.Select(p => p.PartNumber).ShouldBe(Enumerable.Range(1, (int)Math.Ceiling(bytes.Length / (double)multipart.PartSizeBytes)));
        multipart.Parts.Count.ShouldBeGreaterThan(1);

        var parts = new List<object>();
        foreach (var part in multipart.Parts)
        {
            var from = (int)((part.PartNumber - 1) * multipart.PartSizeBytes);
            var etag = await Api.UploadPartAsync(part.Url, bytes[from..(int)Math.Min(bytes.Length, from + multipart.PartSizeBytes)]);
            parts.Add(new { partNumber = part.PartNumber, eTag = etag });
        }

        await Api.AndWaitForTheQueue(() => Api.PostJsonAsync($"/videos/{ticket.VideoId}/complete", new { uploadId = multipart.UploadId, parts }, 202));

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("processed");
        video.SizeBytes.ShouldBe(bytes.Length);
        var raw = await Api.DownloadAsync(App.Storage.PresignGet(ticket.Key, DateTimeOffset.UtcNow.AddMinutes(5)), ".mp4");
        (await File.ReadAllBytesAsync(raw)).SequenceEqual(bytes).ShouldBeTrue();
    }

    [Fact]
    public async Task a_completion_naming_no_parts_is_a_validation_error()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 20_000_000);

        var refusal = await Api.PostJsonAsync($"/videos/{ticket.VideoId}/complete", new { uploadId = ticket.Multipart!.UploadId, parts = Array.Empty<object>() }, 400);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Errors.ShouldNotBeNull().ShouldContainKey("parts");
    }
}

/// <remarks>s3rver does not compare the ETags of a completion with its parts (S3 does), so this refusal is the embedded store's.</remarks>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class UploadingInParts_with_the_embedded_store(EmbeddedStorageApp app) : UploadingInParts<EmbeddedStorageApp>(app)
{

    [Fact]
    public async Task parts_named_with_a_wrong_etag_are_refused_and_change_nothing()
    {
        var bytes = await File.ReadAllBytesAsync(await TestClips.Big());
        var ticket = await Api.RequestUploadAsync(sizeBytes: bytes.Length);
        var multipart = ticket.Multipart.ShouldNotBeNull();
        var parts = new List<object>();
        foreach (var part in multipart.Parts)
        {
            var from = (int)((part.PartNumber - 1) * multipart.PartSizeBytes);
            await Api.UploadPartAsync(part.Url, bytes[from..(int)Math.Min(bytes.Length, from + multipart.PartSizeBytes)]);
            parts.Add(new { partNumber = part.PartNumber, eTag = "\"0123456789abcdef0123456789abcdef\"" });
        }

        var refusal = await Api.PostJsonAsync($"/videos/{ticket.VideoId}/complete", new { uploadId = multipart.UploadId, parts }, 400);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Title.ShouldBe("The parts do not match the upload.");
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class UploadingInParts_with_S3(S3StorageApp app) : UploadingInParts<S3StorageApp>(app);

/// <summary>A multipart upload nobody finishes is aborted when the reconciler expires it, so its parts stop costing storage.</summary>
[Collection(StrictUploadsCollection.Name)]
public sealed class AbandoningAnUploadInParts(StrictUploadsApp app) : HostSpec<StrictUploadsApp>(app)
{
    [Fact]
    public async Task an_abandoned_multipart_upload_is_aborted_when_it_expires()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 400_000);
        var part = ticket.Multipart.ShouldNotBeNull().Parts.ShouldHaveSingleItem();
        var etag = await Api.UploadPartAsync(part.Url, new byte[1000]);

        App.Clock.Advance(ticket.ExpiresAt - App.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await Api.ReconcileAsync(ticket.VideoId, closeIfNothingLanded: true);

        var multipart = App.Host.Services.GetRequiredService<IMultipartUploads>();
        await Should.ThrowAsync<InvalidMultipartUploadException>(() =>
            multipart.CompleteAsync(ticket.Key, ticket.Multipart.UploadId, [new UploadedPart(1, etag)], CancellationToken.None));
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("expired");
    }
}
