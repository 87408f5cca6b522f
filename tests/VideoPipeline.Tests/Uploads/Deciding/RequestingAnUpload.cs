using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Modules.Uploads.RequestingUploads;
using VideoPipeline.Tests.Infrastructure;
using Wolverine;
using Wolverine.Marten;

namespace VideoPipeline.Tests.Uploads.Deciding;

/// <summary>When a client requests an upload, given the slot storage prepared, then the stream starts and two looks at storage are scheduled.</summary>
public sealed class RequestingAnUpload
{
    private static readonly UploadsOptions Options = new()
    {
        Reconciler = new ReconcilerOptions { LostNotificationAfter = TimeSpan.FromMinutes(2), ExpireAfter = TimeSpan.FromHours(1) },
    };

    private static UploadSlot Slot(MultipartTicket? multipart = null)
    {
        var id = Guid.CreateVersion7();
        var key = VideoKeys.Raw(id, "mp4");
        var expiresAt = AnUpload.RequestedAt.AddHours(1);
        var ticket = new UploadTicket(id, key, multipart is null ? new Uri("http://127.0.0.1/put") : null, "PUT", new Dictionary<string, string>(), expiresAt, multipart);
        return new UploadSlot(id, key, "video/mp4", AnUpload.RequestedAt, 500, ticket);
    }

    private static (Answer Answer, IStartStream Start, IMartenOp Held, OutgoingMessages Outgoing) Request(RequestUpload command, UploadSlot slot)
    {
        var (answer, start, held, outgoing) = RequestUploadHandler.Handle(command, slot, Options, new QuotaOptions());
        return (answer, start as IStartStream ?? throw new ShouldAssertException($"No stream started: {answer}"), held, outgoing);
    }

    [Fact]
    public void the_stream_starts_with_the_request_and_the_client_gets_its_ticket()
    {
        var slot = Slot();

        var (answer, start, held, _) = Request(new RequestUpload("  Holiday  ", "clip.mp4", null, 500) { OwnerId = "owner-1" }, slot);

        answer.ShouldBe(Answer.Created($"/videos/{slot.VideoId}", slot.Ticket!));
        start.StreamId.ShouldBe(slot.VideoId);
        start.AggregateType.ShouldBe(typeof(Upload));
        start.Events.ShouldBe([new UploadRequested(slot.VideoId, "owner-1", "Holiday", slot.Key, "video/mp4", 500, slot.Ticket!.ExpiresAt, MaxSizeBytes: 500)]);
        held.ShouldNotBeOfType<NoOp>();
    }

    [Fact]
    public void an_owner_plainly_over_a_quota_gets_the_problem_naming_it_and_nothing_is_recorded_or_held()
    {
        var over = new QuotaExceeded(QuotaNames.PendingUploads, 100, 100, 1);
        var slot = new UploadSlot(Guid.CreateVersion7(), "k", "video/mp4", AnUpload.RequestedAt, 500, Ticket: null, over);

        var (answer, start, held, outgoing) = RequestUploadHandler.Handle(new RequestUpload("Holiday", null, "video/mp4", 500) { OwnerId = "owner-1" }, slot, Options, new QuotaOptions());

        (answer.Kind, answer.Title).ShouldBe((AnswerKind.Conflict, "Over the 'pendingUploads' quota."));
        answer.Extensions!["quota"].ShouldBe("pendingUploads");
        start.ShouldBeOfType<NoOp>();
        held.ShouldBeOfType<NoOp>();
        outgoing.ShouldBeEmpty();
    }

    [Fact]
    public void the_mp4_downloads_asked_for_go_with_the_request_to_processing()
    {
        var (_, start, _, _) = Request(new RequestUpload("Holiday", "clip.mp4", null, null, StaticRenditions: ["1080p", "360p"]) { OwnerId = "owner-1" }, Slot());

        start.Events.Cast<UploadRequested>().Single().StaticRenditions.ShouldBe(["1080p", "360p"]);
    }

    [Fact]
    public void one_look_at_storage_is_scheduled_for_when_reports_are_overdue()
    {
        var slot = Slot();

        var (_, _, _, outgoing) = Request(new RequestUpload("Holiday", null, "video/mp4", null), slot);

        Sent.Of(outgoing).ShouldBe([new Sent(new ReconcileUpload(slot.VideoId, CloseIfNothingLanded: false), AnUpload.RequestedAt.AddMinutes(2))]);
    }

    [Fact]
    public void a_multipart_upload_records_its_upload_id_so_an_abandoned_one_can_be_aborted()
    {
        var slot = Slot(new MultipartTicket("mpu-1", 16, [new PartUrl(1, new Uri("http://127.0.0.1/part1"))]));

        var (_, start, _, _) = Request(new RequestUpload("Holiday", null, "video/mp4", 16), slot);

        start.Events.ShouldHaveSingleItem().ShouldBeOfType<UploadRequested>().MultipartUploadId.ShouldBe("mpu-1");
    }
}
