using Wolverine.Tracking;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// Nothing is lost when no report comes: requesting an upload schedules a look at storage once reports are overdue, which
/// schedules another long after the URL expired. The first completes an upload whose object is there (the notification was lost);
/// the second closes one that never landed. Both hold every upload to its terms (real size, limit).
/// </summary>
[Collection(StrictUploadsCollection.Name)]
public sealed class ReconcilingUploads(StrictUploadsApp app) : HostSpec<StrictUploadsApp>(app)
{
    [Fact]
    public async Task requesting_an_upload_schedules_a_look_at_storage_which_schedules_the_last()
    {
        UploadTicketDto? ticket = null;
        var session = await App.Host.TrackActivity().ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => ticket = await Api.RequestUploadAsync()));

        var overdue = session.Scheduled.Envelopes().Where(e => e.Message is ReconcileUpload).ShouldHaveSingleItem();
        overdue.Message.ShouldBe(new ReconcileUpload(ticket!.VideoId, CloseIfNothingLanded: false));
        overdue.ScheduledTime.ShouldNotBeNull().ShouldBe(App.Clock.GetUtcNow() + TimeSpan.FromDays(1), TimeSpan.FromSeconds(1), "the configured LostNotificationAfter");

        var look = await App.Host.TrackActivity().ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(bus => bus.InvokeAsync(overdue.Message!)));

        var expiry = look.Scheduled.Envelopes().Where(e => e.Message is ReconcileUpload).ShouldHaveSingleItem();
        expiry.Message.ShouldBe(new ReconcileUpload(ticket.VideoId, CloseIfNothingLanded: true));
        expiry.ScheduledTime.ShouldNotBeNull().ShouldBe(ticket.ExpiresAt + TimeSpan.FromDays(1), TimeSpan.FromSeconds(1), "the configured ExpireAfter after the URL expires");
    }

    [Fact]
    public async Task an_upload_whose_notification_was_lost_is_completed_by_the_look_at_storage()
    {
        var ticket = await Api.RequestUploadAsync(sizeBytes: new FileInfo(await TestClips.Tiny()).Length);
        await Api.UploadAsync(ticket, await TestClips.Tiny());

        await Api.ReconcileAsync(ticket.VideoId);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("processed");
        var completed = (await Api.EventsAsync(ticket.VideoId)).Single(e => e.Type == "UploadCompleted");
        completed.Data.GetProperty("reportedBy").GetString().ShouldBe("reconciler");
        completed.Data.GetProperty("sizeBytes").GetInt64().ShouldBe(new FileInfo(await TestClips.Tiny()).Length);
    }

    [Fact]
    public async Task an_upload_never_made_is_closed_once_its_url_has_long_run_out()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.ReconcileAsync(ticket.VideoId);
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload", "nothing landed, and the URL is still valid");

        App.Clock.Advance(ticket.ExpiresAt - App.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await Api.ReconcileAsync(ticket.VideoId, closeIfNothingLanded: true);

        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("expired");
        var refusal = await Api.PostAsync($"/videos/{ticket.VideoId}/complete", 409);
        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("expired");
        await Api.ReconcileAsync(ticket.VideoId, closeIfNothingLanded: true);
        (await Api.EventsAsync(ticket.VideoId)).Select(e => e.Type).ShouldBe(["UploadRequested", "UploadExpired"], "a closed upload stays as it is");
    }

    [Fact]
    public async Task an_object_over_the_size_limit_fails_the_video_with_the_reason_and_is_never_processed()
    {
        var clip = await TestClips.Landscape480p();
        new FileInfo(clip).Length.ShouldBeGreaterThan(StrictUploadsApp.MaxSizeBytes);
        var ticket = await Api.RequestUploadAsync();
        // The embedded store refuses such a PUT itself (413); an S3 presigned PUT cannot, so the object may land anyway.
        await App.Storage.UploadFileAsync(ticket.Key, clip, "video/mp4", CancellationToken.None);

        var refusal = await Api.PostAsync($"/videos/{ticket.VideoId}/complete", 422);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain($"over the limit of {StrictUploadsApp.MaxSizeBytes} bytes");
        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1);
        video.LastError.ShouldNotBeNull().ShouldContain("over the limit");
        video.SizeBytes.ShouldBe(new FileInfo(clip).Length);
        (await Api.EventsAsync(ticket.VideoId)).Select(e => e.Type).ShouldBe(["UploadRequested", "UploadRejected"]);
        await Api.PostAsync($"/videos/{ticket.VideoId}/retry", 409);
    }

    [Fact]
    public async Task an_object_of_another_size_than_declared_is_rejected_whoever_reports_it()
    {
        var clip = await TestClips.Tiny();
        var ticket = await Api.RequestUploadAsync(sizeBytes: new FileInfo(clip).Length + 1);
        await Api.UploadAsync(ticket, clip);

        await Api.NotifyUploadAsync(new { key = ticket.Key, size = new FileInfo(clip).Length + 1 });
        await Api.ReconcileAsync(ticket.VideoId);
        await Api.NotifyUploadAsync(new { key = ticket.Key, size = new FileInfo(clip).Length + 1 });

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.LastError.ShouldBe($"The object is {new FileInfo(clip).Length} bytes, not the {new FileInfo(clip).Length + 1} bytes declared.");
        (await Api.EventsAsync(ticket.VideoId)).Count(e => e.Type == "UploadRejected").ShouldBe(1);
        (await Api.EventsAsync(ticket.VideoId)).ShouldNotContain(e => e.Type == "UploadCompleted" || e.Type == "ProcessingStarted");
    }
}
