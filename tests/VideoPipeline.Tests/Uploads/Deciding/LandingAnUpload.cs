using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads;
using VideoPipeline.Modules.Uploads.CompletingUploads;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads.Deciding;

/// <summary>Given an upload, when somebody reports it landed and storage says what is there, then these events and messages.</summary>
public sealed class LandingAnUpload
{
    private const long MaxSize = 1000;
    private static readonly UploadsOptions Options = new() { MaxSizeBytes = MaxSize };

    private static (Answer Answer, List<object> Events, IReadOnlyList<Sent> Sent) Report(
        Upload? upload, UploadReporter reporter, Landing landing, string? reportedKey = null)
    {
        var (answer, events, outgoing) = CompleteUploadHandler.Decide(
            new CompleteUpload(upload?.Id ?? Guid.NewGuid(), reporter, reportedKey), upload, landing, Options);
        return (answer, events.ToList(), Sent.Of(outgoing));
    }

    [Theory]
    [InlineData(UploadReporter.Client)]
    [InlineData(UploadReporter.Webhook)]
    [InlineData(UploadReporter.Sns)]
    [InlineData(UploadReporter.Reconciler)]
    public void an_object_within_the_terms_completes_the_upload_naming_its_owner_for_the_transcode(UploadReporter reporter)
    {
        var upload = AnUpload.Pending(declaredSize: 500);

        var (answer, events, sent) = Report(upload, reporter, upload.Landed(500));

        answer.ShouldBe(Answer.Accepted($"/videos/{upload.Id}"));
        events.ShouldBe([new UploadCompleted(upload.Id, upload.RawKey, 500, reporter.ToString().ToLowerInvariant(), "\"etag-1\"", upload.OwnerId)]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void an_object_larger_than_the_storage_held_for_it_is_rejected_where_storage_could_not_bound_the_upload()
    {
        var upload = Upload.Create(AnUpload.Requested() with { MaxSizeBytes = 400 });

        var (answer, events, sent) = Report(upload, UploadReporter.Webhook, upload.Landed(401));

        answer.Kind.ShouldBe(AnswerKind.Accepted, "storage's report is acknowledged");
        events.ShouldBe([new UploadRejected(upload.Id, 401, "The object is 401 bytes, over the 400 bytes of the owner's storage quota held for it when it was requested.")]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void the_real_size_decides_not_the_declared_one()
    {
        var upload = AnUpload.Pending(declaredSize: 500);

        var (answer, events, sent) = Report(upload, UploadReporter.Client, upload.Landed(501));

        answer.Kind.ShouldBe(AnswerKind.Unprocessable);
        answer.Detail.ShouldBe("The object is 501 bytes, not the 500 bytes declared.");
        events.ShouldBe([new UploadRejected(upload.Id, 501, "The object is 501 bytes, not the 500 bytes declared.")]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void an_object_over_the_limit_is_rejected_and_never_processed()
    {
        var upload = AnUpload.Pending();

        var (_, events, sent) = Report(upload, UploadReporter.Client, upload.Landed(MaxSize + 1));

        events.ShouldBe([new UploadRejected(upload.Id, MaxSize + 1, $"The object is {MaxSize + 1} bytes, over the limit of {MaxSize} bytes.")]);
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void an_empty_object_is_rejected()
    {
        var upload = AnUpload.Pending();

        Report(upload, UploadReporter.Client, upload.Landed(0)).Events.ShouldBe([new UploadRejected(upload.Id, 0, "The object is empty.")]);
    }

    [Fact]
    public void storage_is_acknowledged_where_the_client_is_told_why()
    {
        var upload = AnUpload.Pending(declaredSize: 500);

        var (answer, events, _) = Report(upload, UploadReporter.Webhook, upload.Landed(9));

        answer.ShouldBe(Answer.Accepted($"/videos/{upload.Id}"), "storage cannot act on a refusal; only the client is told");
        events.ShouldHaveSingleItem().ShouldBeOfType<UploadRejected>();
    }

    [Fact]
    public void a_client_reporting_before_anything_landed_is_told_nothing_was_uploaded_and_nothing_changes()
    {
        var upload = AnUpload.Pending();

        var (answer, events, sent) = Report(upload, UploadReporter.Client, Landing.Nothing);

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Detail.ShouldBe($"No object was found at '{upload.RawKey}'.");
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void storage_reporting_an_object_that_is_not_there_is_refused()
    {
        var upload = AnUpload.Pending();

        var (answer, events, _) = Report(upload, UploadReporter.Webhook, Landing.Nothing);

        answer.Kind.ShouldBe(AnswerKind.Unprocessable);
        events.ShouldBeEmpty();
    }

    [Fact]
    public void parts_that_do_not_match_are_a_bad_request_and_change_nothing()
    {
        var upload = AnUpload.Pending(multipartUploadId: "mpu-1");

        var (answer, events, sent) = Report(upload, UploadReporter.Client, new Landing(null, "Part 2 is missing."));

        answer.ShouldBe(Answer.Invalid("The parts do not match the upload.", "Part 2 is missing."));
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(UploadReporter.Client)]
    [InlineData(UploadReporter.Webhook)]
    public void a_repeated_report_of_a_completed_upload_is_accepted_and_changes_nothing(UploadReporter reporter)
    {
        var upload = AnUpload.Pending();
        upload.With(new UploadCompleted(upload.Id, upload.RawKey, 10, "client"));

        var (answer, events, sent) = Report(upload, reporter, upload.Landed(10));

        answer.ShouldBe(Answer.Accepted($"/videos/{upload.Id}"));
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_closed_upload_stays_closed_and_the_client_is_told_why()
    {
        var upload = AnUpload.Pending();
        upload.With(new UploadExpired(upload.Id));

        var (answer, events, sent) = Report(upload, UploadReporter.Client, upload.Landed(10));

        answer.ShouldBe(Answer.Conflict("The upload can no longer be completed.", "The upload URL expired and nothing was uploaded."));
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }

    [Fact]
    public void a_rejected_upload_is_not_completed_by_a_later_report()
    {
        var upload = AnUpload.Pending();
        upload.With(new UploadRejected(upload.Id, 0, "The object is empty."));

        var (answer, events, _) = Report(upload, UploadReporter.Client, upload.Landed(10));

        answer.Detail.ShouldBe("The upload was rejected: The object is empty.");
        events.ShouldBeEmpty();
    }

    [Fact]
    public void a_notification_for_a_key_the_service_never_issued_is_not_found()
    {
        var upload = AnUpload.Pending();

        var (answer, events, _) = Report(upload, UploadReporter.Webhook, upload.Landed(10), reportedKey: "uploads/someone-else.mp4");

        answer.Kind.ShouldBe(AnswerKind.NotFound);
        answer.Detail.ShouldBe("'uploads/someone-else.mp4' is not a key this service issued.");
        events.ShouldBeEmpty();
    }

    [Fact]
    public void a_report_of_a_video_that_does_not_exist_is_not_found()
    {
        var (answer, events, sent) = Report(null, UploadReporter.Client, Landing.Nothing);

        answer.ShouldBe(Answer.VideoNotFound);
        events.ShouldBeEmpty();
        sent.ShouldBeEmpty();
    }
}
