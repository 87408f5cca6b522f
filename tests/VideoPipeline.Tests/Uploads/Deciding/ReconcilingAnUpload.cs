using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads.Deciding;

/// <summary>Given an upload, when its scheduled look at storage comes, then it is landed, left alone or closed.</summary>
public sealed class ReconcilingAnUpload
{
    private static readonly UploadsOptions Options = new() { MaxSizeBytes = 1000 };

    private static (List<object> Events, IReadOnlyList<Sent> Sent) Look(Upload? upload, Landing landing, bool close)
    {
        var (events, outgoing) = ReconcileUploadHandler.Handle(new ReconcileUpload(upload?.Id ?? Guid.NewGuid(), close), upload, landing, Options);
        return (events.ToList(), Sent.Of(outgoing));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void an_object_nobody_reported_is_landed_as_the_reconciler(bool close)
    {
        var upload = AnUpload.Pending();

        var (events, sent) = Look(upload, upload.Landed(10), close);

        events.ShouldBe([new UploadCompleted(upload.Id, upload.RawKey, 10, "reconciler", "\"etag-1\"", upload.OwnerId)]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void an_object_breaking_the_terms_is_rejected_by_the_reconciler_too()
    {
        var upload = AnUpload.Pending(declaredSize: 5);

        Look(upload, upload.Landed(10), close: false).Events.ShouldHaveSingleItem().ShouldBeOfType<UploadRejected>();
    }

    [Fact]
    public void the_first_look_leaves_an_upload_with_nothing_in_storage_pending_and_schedules_the_last_after_its_url_expired()
    {
        var upload = AnUpload.Pending();

        var (events, sent) = Look(upload, Landing.Nothing, close: false);

        events.ShouldBeEmpty();
        sent.ShouldBe([new Sent(new ReconcileUpload(upload.Id, CloseIfNothingLanded: true), upload.UploadUrlExpiresAt.AddHours(1))]);
    }

    [Fact]
    public void the_first_look_at_a_deleted_upload_purges_what_landed_and_schedules_the_last_to_purge_a_later_put()
    {
        var upload = AnUpload.Pending();
        upload.Apply(new VideoDeleted(upload.Id, upload.OwnerId));

        var (events, sent) = Look(upload, Landing.Nothing, close: false);

        events.ShouldBeEmpty();
        sent.ShouldBe([new Sent(new PurgeVideoObjects(upload.Id), null), new Sent(new ReconcileUpload(upload.Id, CloseIfNothingLanded: true), upload.UploadUrlExpiresAt.AddHours(1))]);
    }

    [Fact]
    public void the_last_look_closes_an_upload_with_nothing_in_storage_as_expired()
    {
        var upload = AnUpload.Pending();

        var (events, sent) = Look(upload, Landing.Nothing, close: true);

        events.ShouldBe([new UploadExpired(upload.Id)]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void closing_an_abandoned_multipart_upload_aborts_its_parts()
    {
        var upload = AnUpload.Pending(multipartUploadId: "mpu-1");

        var (events, sent) = Look(upload, Landing.Nothing, close: true);

        events.ShouldBe([new UploadExpired(upload.Id)]);
        sent.ShouldBe([new Sent(new AbortMultipartUpload(upload.RawKey, "mpu-1"), null)]);
    }

    [Fact]
    public void an_upload_that_was_already_reported_is_left_alone()
    {
        var upload = AnUpload.Pending();
        upload.With(new UploadCompleted(upload.Id, upload.RawKey, 10, "client"));

        var (events, sent) = Look(upload, upload.Landed(10), close: true);

        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_look_for_a_stream_that_does_not_exist_changes_nothing()
    {
        var (events, sent) = Look(null, Landing.Nothing, close: true);

        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }
}
