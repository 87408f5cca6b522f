using Alba;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.TranscodingVideos;
using VideoPipeline.Modules.Processing.TranscodingVideos.Steps;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// <c>DELETE /videos/{id}</c>: every stored object of the video goes (renditions, HLS, thumbnail, the raw upload, an
/// unfinished multipart upload), a transcode in flight stops, the video is not found anywhere, and its stream keeps
/// <c>VideoDeleted</c> for audit. On both stores.
/// </summary>
public abstract class DeletingAVideo<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    /// <summary>The keys stored under <paramref name="prefix"/>, read from the store itself.</summary>
    protected abstract Task<IReadOnlyList<string>> ObjectsUnderAsync(string prefix);

    [Fact]
    public async Task deleting_a_processed_video_removes_every_object_and_it_is_not_found_anywhere()
    {
        var videoId = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());
        var prefix = VideoKeys.Folder(videoId) + "/";
        var stored = await ObjectsUnderAsync(prefix);
        stored.ShouldContain(k => k.EndsWith("/480p.mp4", StringComparison.Ordinal));
        stored.ShouldContain(k => k.StartsWith(VideoKeys.Stream(videoId, ""), StringComparison.Ordinal));
        stored.ShouldContain(k => k.EndsWith("/thumb.jpg", StringComparison.Ordinal));
        var play = await Api.GetAsync<PlaybackDto>($"/videos/{videoId}/play");

        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{videoId}", 202));

        (await ObjectsUnderAsync(prefix)).ShouldBeEmpty();
        foreach (var route in (string[])[$"/videos/{videoId}", $"/videos/{videoId}/play", $"/videos/{videoId}/events"])
        {
            await Api.GetAsync<ProblemDto>(route, expectedStatus: 404);
        }

        await Api.GetSignedAsync(play.Hls.ShouldNotBeNull(), 404);
        await Api.GetSignedAsync(play.Dash.ShouldNotBeNull(), 404);
        await Api.PostAsync($"/videos/{videoId}/retry", 404);
        await Api.PatchJsonAsync($"/videos/{videoId}", new { title = "renamed" }, 404);
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.ShouldNotContain(v => v.Id == videoId);
        (await Api.GetAsync<VideoPageDto>("/videos", VideoApi.AdminKey)).Items.ShouldNotContain(v => v.Id == videoId);
        var stream = await StreamAsync(videoId);
        stream.ShouldContain(e => e is VideoDeleted);
        stream.OfType<VideoObjectsPurged>().ShouldHaveSingleItem().ObjectsDeleted.ShouldBe(stored.Count);
    }

    [Fact]
    public async Task deleting_again_is_accepted_and_changes_nothing_and_no_one_else_may_delete()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.DeleteAsync($"/videos/{ticket.VideoId}", 404, VideoApi.OtherOwnersKey);
        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{ticket.VideoId}", 202, VideoApi.AdminKey));
        var after = await StreamAsync(ticket.VideoId);

        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{ticket.VideoId}", 202));

        (await StreamAsync(ticket.VideoId)).Count.ShouldBe(after.Count);
        await Api.DeleteAsync($"/videos/{ticket.VideoId}", 404, VideoApi.OtherOwnersKey);
        await Api.DeleteAsync($"/videos/{Guid.NewGuid()}", 404);
    }

    [Fact]
    public async Task a_transcode_running_when_its_video_is_deleted_stops_and_leaves_nothing_behind()
    {
        var ticket = await Api.RequestUploadAsync();
        // Minutes of ladder: however loaded the machine, the deletion lands while its ffmpeg runs.
        await Api.UploadAsync(ticket, await TestClips.Hd720pLong());
        var workspaces = Path.Combine(App.TempRoot, $"{ticket.VideoId:N}-");

        await Api.AndWaitForTheQueue(async () =>
        {
            await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });
            // The ladder is the job's first ffmpeg run, in the job's workspace: deleted the moment it starts.
            await Eventually.WaitForAsync(() => Task.FromResult(FfmpegProcesses.Under(workspaces)), running => running.Count > 0,
                TimeSpan.FromMinutes(2), "the ladder's ffmpeg to be running");
            await Api.DeleteAsync($"/videos/{ticket.VideoId}", 202);
        });

        var stream = await StreamAsync(ticket.VideoId);
        var deletedAt = stream.FindIndex(e => e is VideoDeleted);
        stream.Skip(deletedAt + 1).ShouldAllBe(e => e is VideoObjectsPurged, "nothing is recorded after the deletion but the purges");
        stream.ShouldNotContain(e => e is ProcessingCompleted);
        stream.ShouldNotContain(e => e is RenditionReady, "the ladder's ffmpeg run was stopped before it finished");
        FfmpegProcesses.Under(workspaces).ShouldBeEmpty("the ladder's ffmpeg is stopped");
        (await ObjectsUnderAsync(VideoKeys.Folder(ticket.VideoId) + "/")).ShouldBeEmpty();
        (Directory.Exists(App.TempRoot) ? Directory.EnumerateDirectories(App.TempRoot, $"{ticket.VideoId:N}-*") : []).ShouldBeEmpty("the job's workspace is deleted");
    }

    protected async Task<List<object>> StreamAsync(Guid videoId)
    {
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(videoId)).Select(e => e.Data).ToList();
    }
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class DeletingAVideo_with_the_embedded_store(EmbeddedStorageApp app) : DeletingAVideo<EmbeddedStorageApp>(app)
{
    private string Root => Path.Combine(App.StorageRoot, "objects");

    protected override Task<IReadOnlyList<string>> ObjectsUnderAsync(string prefix)
    {
        var folder = Path.Combine(Root, prefix);
        IReadOnlyList<string> keys = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).ToList()
            : [];
        return Task.FromResult(keys);
    }

    [Fact]
    public async Task an_upload_or_a_part_sent_after_the_deletion_is_refused_as_gone_and_nothing_is_stored()
    {
        var ticket = await Api.RequestUploadAsync();
        var parts = await Api.RequestUploadAsync(sizeBytes: 12_000_000);
        await Api.AndWaitForTheQueue(async () =>
        {
            await Api.DeleteAsync($"/videos/{ticket.VideoId}", 202);
            await Api.DeleteAsync($"/videos/{parts.VideoId}", 202);
        });

        // The presigned URLs are still valid, but the embedded store knows the video is gone.
        var put = await App.Host.Scenario(x =>
        {
            x.Put.ByteArray([1, 2, 3]).ToUrl(ticket.Url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(ticket.Url.Query);
                http.Request.ContentType = ticket.Headers["Content-Type"];
            });
            x.StatusCodeShouldBe(410);
        });
        var part = parts.Multipart.ShouldNotBeNull().Parts[0].Url;
        await App.Host.Scenario(x =>
        {
            x.Put.ByteArray([1, 2, 3]).ToUrl(part.AbsolutePath);
            x.ConfigureHttpContext(http => http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(part.Query));
            x.StatusCodeShouldBe(410);
        });

        put.Context.Response.ContentType.ShouldBe("application/problem+json");
        (await ObjectsUnderAsync(VideoKeys.Folder(ticket.VideoId) + "/")).ShouldBeEmpty();
        (await ObjectsUnderAsync(VideoKeys.Folder(parts.VideoId) + "/")).ShouldBeEmpty();
        Directory.Exists(Path.Combine(Root, ".multipart", parts.Multipart.UploadId)).ShouldBeFalse();
    }

    [Fact]
    public async Task a_jobs_writes_are_refused_once_its_video_is_deleted_and_stop_its_run()
    {
        var videoId = Guid.NewGuid();
        var events = App.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = events.LightweightSession())
        {
            session.Events.StartStream(videoId, new UploadRequested(videoId, "dev", "Deleted while processing", VideoKeys.Raw(videoId, "mp4"), "video/mp4", null, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        using var job = new JobStream(events, videoId);
        var store = new StorageUntilDeleted(App.Storage, job);
        var file = Path.Combine(App.StorageRoot, $"{videoId:N}.m4s");
        await File.WriteAllBytesAsync(file, [1, 2, 3]);
        await store.UploadFileAsync(VideoKeys.Stream(videoId, "480p/seg_00000.m4s"), file, "video/mp4", CancellationToken.None);
        (await ObjectsUnderAsync(VideoKeys.Folder(videoId) + "/")).Count.ShouldBe(1, "a job writes until its video is deleted");
        await using (var session = events.LightweightSession())
        {
            session.Events.Append(videoId, new VideoDeleted(videoId, "dev"));
            await session.SaveChangesAsync();
        }

        await Should.ThrowAsync<VideoDeletedException>(() =>
            store.UploadFileAsync(VideoKeys.Stream(videoId, "480p/seg_00001.m4s"), file, "video/mp4", CancellationToken.None));

        job.WasDeleted.ShouldBeTrue("what the job runs is stopped");
        (await ObjectsUnderAsync(VideoKeys.Folder(videoId) + "/")).ShouldNotContain(k => k.EndsWith("seg_00001.m4s", StringComparison.Ordinal));
        await Should.ThrowAsync<VideoDeletedException>(() =>
            store.UploadFileAsync(VideoKeys.Stream(videoId, "480p/seg_00002.m4s"), file, "video/mp4", CancellationToken.None));
    }

    /// <remarks>s3rver cannot abort a multipart upload (it answers 405), so the abort is specced on the embedded store.</remarks>
    [Fact]
    public async Task deleting_a_video_in_the_middle_of_a_multipart_upload_aborts_its_parts()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: 12_000_000);
        var multipart = ticket.Multipart.ShouldNotBeNull();
        await Api.UploadPartAsync(multipart.Parts[0].Url, new byte[multipart.PartSizeBytes]);
        Directory.Exists(Path.Combine(Root, ".multipart", multipart.UploadId)).ShouldBeTrue();

        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{ticket.VideoId}", 202));

        Directory.Exists(Path.Combine(Root, ".multipart", multipart.UploadId)).ShouldBeFalse();
        (await ObjectsUnderAsync(VideoKeys.Folder(ticket.VideoId) + "/")).ShouldBeEmpty();
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class DeletingAVideo_with_S3(S3StorageApp app) : DeletingAVideo<S3StorageApp>(app)
{
    private static readonly AmazonS3Client S3 = new(
        new BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config { ServiceURL = TestEnvironment.S3Url.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    protected override async Task<IReadOnlyList<string>> ObjectsUnderAsync(string prefix) =>
        (await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = TestEnvironment.S3Bucket, Prefix = prefix })).S3Objects?.Select(o => o.Key).ToList() ?? [];

    [Fact]
    public async Task an_upload_that_lands_after_the_deletion_is_purged_when_it_is_reported()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.AndWaitForTheQueue(() => Api.DeleteAsync($"/videos/{ticket.VideoId}", 202));

        // The presigned URL is still valid: S3 cannot refuse the PUT, so its report has it purged.
        await Api.UploadAsync(ticket, await TestClips.Tiny());
        (await ObjectsUnderAsync(VideoKeys.Folder(ticket.VideoId) + "/")).ShouldNotBeEmpty();
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        await Api.PostAsync($"/videos/{ticket.VideoId}/complete", 404);

        (await ObjectsUnderAsync(VideoKeys.Folder(ticket.VideoId) + "/")).ShouldBeEmpty();
        (await StreamAsync(ticket.VideoId)).ShouldNotContain(e => e is UploadCompleted);
    }
}
