using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads;
using VideoPipeline.Modules.Uploads.IngestingFromUrls;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads.Deciding;

/// <summary>Given a download attempt's result, what follows; given a deleted video, what its late reports do.</summary>
public sealed class IngestingFromAUrl
{
    private static readonly UrlIngestOptions Options = new() { RetryCooldowns = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)] };
    private static readonly IngestFromUrl Attempt1 = new(Guid.CreateVersion7(), new Uri("https://cdn.example.com/clip.mp4"));

    [Fact]
    public void a_fetched_file_is_judged_like_a_landed_upload() =>
        Sent.Of(IngestFromUrlHandler.NextStep(Attempt1, new DownloadResult.Fetched(10), Options)).ShouldBe([new Sent(new LandIngestedFile(Attempt1.VideoId), null)]);

    [Fact]
    public void a_refusal_fails_the_video_at_once_with_its_reason() =>
        Sent.Of(IngestFromUrlHandler.NextStep(Attempt1, new DownloadResult.Refused("404"), Options)).ShouldBe([new Sent(new RefuseIngest(Attempt1.VideoId, "404"), null)]);

    [Fact]
    public void an_unavailable_source_is_tried_again_after_each_cooldown_then_fails_the_video()
    {
        var second = IngestFromUrlHandler.NextStep(Attempt1, new DownloadResult.Unavailable("503"), Options);
        var third = IngestFromUrlHandler.NextStep(Attempt1 with { Attempt = 2 }, new DownloadResult.Unavailable("503"), Options);
        var last = IngestFromUrlHandler.NextStep(Attempt1 with { Attempt = 3 }, new DownloadResult.Unavailable("503"), Options);

        second.ShouldHaveSingleItem();
        Sent.Of(second).Single().Message.ShouldBe(Attempt1 with { Attempt = 2 });
        Sent.Of(third).Single().Message.ShouldBe(Attempt1 with { Attempt = 3 });
        Sent.Of(last).Single().Message.ShouldBe(new RefuseIngest(Attempt1.VideoId, "The source could not be read in 3 attempts; the last: 503"));
    }

    [Fact]
    public void a_refused_ingest_fails_a_pending_video_only()
    {
        var pending = AnUpload.Pending();
        var deleted = AnUpload.Pending();
        deleted.Apply(new VideoDeleted(deleted.Id, "owner-1"));

        pending.RefuseIngest("404").ShouldBe([new UrlIngestFailed(pending.Id, "404")]);
        deleted.RefuseIngest("404").ShouldBeEmpty();
    }

    [Fact]
    public void a_report_of_a_deleted_videos_upload_is_not_found_by_the_client_acknowledged_to_storage_and_purges_again()
    {
        var upload = AnUpload.Pending();
        upload.Apply(new VideoDeleted(upload.Id, "owner-1"));

        var (client, purge) = upload.Repeated(UploadReporter.Client);
        var (storage, _) = upload.Repeated(UploadReporter.Webhook);

        client.ShouldBe(Answer.VideoNotFound);
        storage.Kind.ShouldBe(AnswerKind.Accepted);
        Sent.Of(purge).ShouldBe([new Sent(new PurgeVideoObjects(upload.Id), null)]);
        upload.IsPending.ShouldBeFalse();
    }

    [Fact]
    public void the_download_message_holds_the_whole_url_and_the_event_and_the_answer_only_its_redacted_form()
    {
        var slot = new IngestSlot(Guid.CreateVersion7(), DateTimeOffset.UtcNow);

        var (answer, start, held, outgoing) = RequestIngestHandler.Handle(
            new RequestIngest("https://cdn.example.com/clip.mp4?token=SECRET", "Imported") { OwnerId = "dev" }, slot, new VideoPipeline.BuildingBlocks.Quotas.QuotaOptions());

        Sent.Of(outgoing).ShouldBe([new Sent(new IngestFromUrl(slot.VideoId, new Uri("https://cdn.example.com/clip.mp4?token=SECRET")), null)]);
        start.Events.OfType<UploadRequested>().Single().SourceUrl!.ToString().ShouldBe("https://cdn.example.com/clip.mp4?…");
        answer.Body.ShouldBeOfType<IngestAccepted>().SourceUrl.ToString().ShouldBe("https://cdn.example.com/clip.mp4?…");
        held.ShouldNotBeOfType<Wolverine.Marten.NoOp>("the video and one of the owner's concurrent ingests are held with the stream");
    }
}
