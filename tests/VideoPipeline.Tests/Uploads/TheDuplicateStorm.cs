using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using Wolverine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>However many times, however concurrently and by whichever path an upload is reported, it is processed once.</summary>
public abstract class TheDuplicateStorm<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    [Fact]
    public async Task twenty_concurrent_reports_of_one_upload_by_every_path_start_one_transcode()
    {
        var clip = await TestClips.Landscape480p();
        var size = new FileInfo(clip).Length;
        var ticket = await Api.RequestUploadAsync(sizeBytes: size);
        await Api.UploadAsync(ticket, clip);
        var s3Event = new
        {
            Records = new[] { new { eventName = "ObjectCreated:Put", s3 = new { bucket = new { name = "videos" }, @object = new { key = ticket.Key, size } } } },
        };

        await Api.AndWaitForTheQueue(() => Task.WhenAll(Enumerable.Range(0, 20).Select<int, Task>(i => (i % 4) switch
        {
            0 => Api.NotifyUploadAsync(new { key = ticket.Key, size }),
            1 => Api.NotifyUploadAsync(s3Event),
            2 => Api.PostAsync($"/videos/{ticket.VideoId}/complete", 202),
            _ => App.Host.MessageBus().InvokeAsync(new ReconcileUpload(ticket.VideoId, CloseIfNothingLanded: false)),
        })));

        var events = await Api.EventsAsync(ticket.VideoId);
        events.Count(e => e.Type == "UploadCompleted").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        (await Api.VideoAsync(ticket.VideoId)).SizeBytes.ShouldBe(size);
    }
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class TheDuplicateStorm_with_the_embedded_store(EmbeddedStorageApp app) : TheDuplicateStorm<EmbeddedStorageApp>(app);

[Collection(S3StorageCollection.Name)]
public sealed class TheDuplicateStorm_with_S3(S3StorageApp app) : TheDuplicateStorm<S3StorageApp>(app);
