using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Uploads.CompleteUpload;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.Reconcile;

/// <summary>
/// Look at uploads nobody reported: complete those whose object is in storage (the notification was lost), expire
/// those whose URL ran out long ago with nothing uploaded. Safe to run on several nodes at once: each video is
/// decided under its stream's row lock by <see cref="CompleteUpload.CompleteUpload"/> or <see cref="ExpireUpload"/>.
/// </summary>
public sealed record ReconcileUploads;

public sealed record ReconciliationReport(int Checked, int Completed, int Expired);

public static class ReconcileUploadsHandler
{
    public static async Task<ReconciliationReport> Handle(
        ReconcileUploads _,
        IQuerySession session,
        IObjectStorage storage,
        IMessageBus bus,
        IOptions<UploadsOptions> options,
        TimeProvider clock,
        ILogger<ReconcileUploads> logger,
        CancellationToken ct)
    {
        var settings = options.Value.Reconciler;
        var now = clock.GetUtcNow();
        var quietSince = now - settings.LostNotificationAfter;
        var pending = await session.Query<PendingUpload>()
            .Where(p => p.RequestedAt <= quietSince)
            .OrderBy(p => p.RequestedAt)
            .Take(settings.BatchSize)
            .ToListAsync(ct);

        int completed = 0, expired = 0;
        foreach (var upload in pending)
        {
            if (await storage.HeadAsync(upload.RawKey, ct) is not null)
            {
                var result = await bus.InvokeAsync<CompletionResult>(new CompleteUpload.CompleteUpload(upload.Id, "reconciler"), ct);
                completed += result.Outcome == CompletionOutcome.Completed ? 1 : 0;
            }
            else if (upload.UploadUrlExpiresAt + settings.ExpireAfter <= now)
            {
                expired += await bus.InvokeAsync<bool>(new ExpireUpload(upload.Id), ct) ? 1 : 0;
            }
        }

        if (completed + expired > 0)
        {
            logger.LogInformation("Reconciled uploads: {Checked} checked, {Completed} completed after a lost notification, {Expired} expired",
                pending.Count, completed, expired);
        }

        return new ReconciliationReport(pending.Count, completed, expired);
    }
}
