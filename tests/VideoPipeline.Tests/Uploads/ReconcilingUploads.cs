using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// Nothing is lost when no report comes: the reconciler completes uploads whose object is in storage and expires those
/// whose URL ran out with nothing uploaded. It also holds every upload to its terms (real size, limit).
/// </summary>
[Collection(StrictUploadsCollection.Name)]
public sealed class ReconcilingUploads(StrictUploadsApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task an_upload_whose_notification_was_lost_is_completed_by_the_reconciler()
    {
        var ticket = await _api.RequestUploadAsync(sizeBytes: new FileInfo(await TestClips.Tiny()).Length);
        await _api.UploadAsync(ticket, await TestClips.Tiny());

        var report = await _api.ReconcileAsync();

        report.Completed.ShouldBe(1);
        (await _api.VideoAsync(ticket.VideoId)).Status.ShouldBe("processed");
        var completed = (await _api.EventsAsync(ticket.VideoId)).Single(e => e.Type == "UploadCompleted");
        completed.Data.GetProperty("reportedBy").GetString().ShouldBe("reconciler");
        completed.Data.GetProperty("sizeBytes").GetInt64().ShouldBe(new FileInfo(await TestClips.Tiny()).Length);
    }

    [Fact]
    public async Task an_upload_never_made_expires_once_its_url_has_run_out()
    {
        var ticket = await _api.RequestUploadAsync();
        (await _api.ReconcileAsync()).Expired.ShouldBe(0, "its URL is still valid");
        (await _api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");

        await Task.Delay(ticket.ExpiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        (await _api.ReconcileAsync()).Expired.ShouldBe(1);

        (await _api.VideoAsync(ticket.VideoId)).Status.ShouldBe("expired");
        var refusal = await _api.PostAsync($"/videos/{ticket.VideoId}/complete", 409);
        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain("expired");
        (await _api.ReconcileAsync()).Checked.ShouldBe(0, "an expired upload is no longer pending");
    }

    [Fact]
    public async Task an_object_over_the_size_limit_fails_the_video_with_the_reason_and_is_never_processed()
    {
        var clip = await TestClips.Landscape480p();
        new FileInfo(clip).Length.ShouldBeGreaterThan(StrictUploadsApp.MaxSizeBytes);
        var ticket = await _api.RequestUploadAsync();
        // The embedded store refuses such a PUT itself (413); an S3 presigned PUT cannot, so the object may land anyway.
        await app.Storage.UploadFileAsync(ticket.Key, clip, "video/mp4", CancellationToken.None);

        var refusal = await _api.PostAsync($"/videos/{ticket.VideoId}/complete", 422);

        (await refusal.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldNotBeNull().ShouldContain($"over the limit of {StrictUploadsApp.MaxSizeBytes} bytes");
        var video = await _api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1);
        video.LastError.ShouldNotBeNull().ShouldContain("over the limit");
        video.SizeBytes.ShouldBe(new FileInfo(clip).Length);
        (await _api.EventsAsync(ticket.VideoId)).Select(e => e.Type).ShouldBe(["UploadRequested", "UploadRejected"]);
        await _api.PostAsync($"/videos/{ticket.VideoId}/retry", 409);
    }

    [Fact]
    public async Task an_object_of_another_size_than_declared_is_rejected_whoever_reports_it()
    {
        var clip = await TestClips.Tiny();
        var ticket = await _api.RequestUploadAsync(sizeBytes: new FileInfo(clip).Length + 1);
        await _api.UploadAsync(ticket, clip);

        await _api.NotifyUploadAsync(new { key = ticket.Key, size = new FileInfo(clip).Length + 1 });
        await _api.NotifyUploadAsync(new { key = ticket.Key, size = new FileInfo(clip).Length + 1 });

        var video = await _api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.LastError.ShouldBe($"The object is {new FileInfo(clip).Length} bytes, not the {new FileInfo(clip).Length + 1} bytes declared.");
        (await _api.EventsAsync(ticket.VideoId)).Count(e => e.Type == "UploadRejected").ShouldBe(1);
        (await _api.EventsAsync(ticket.VideoId)).ShouldNotContain(e => e.Type == "UploadCompleted" || e.Type == "ProcessingStarted");
    }
}
