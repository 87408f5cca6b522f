using VideoPipeline.Modules.Uploads.CompletingUploads;

namespace VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

/// <summary>
/// A storage notification as its handler judged it: <paramref name="Answer"/> alone when it asks for nothing more (a
/// refusal, a confirmed subscription, a test event), otherwise the objects it says landed and the answer once each of
/// them is reported.
/// </summary>
public sealed record VerifiedNotification(Answer Answer, IReadOnlyList<CreatedObject> Created)
{
    public static VerifiedNotification Only(Answer answer) => new(answer, []);
}

/// <summary>What every storage notification route (signed webhook, MinIO, SNS) does with the objects it reports.</summary>
internal static class CreatedObjects
{
    /// <summary>
    /// The route's part, after the handler verified the notification: each raw object is reported as landed by its own
    /// <see cref="CompleteUpload"/> (one command, one stream, one commit each, so a handler never invokes another);
    /// the first refusal is the answer, or the notification's own once every report was accepted.
    /// </summary>
    public static async Task<IResult> ReportAsync(VerifiedNotification notification, UploadReporter reportedBy, IMessageBus bus, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!notification.Answer.IsSuccess)
        {
            return notification.Answer.ToHttp();
        }

        foreach (var obj in notification.Created)
        {
            var videoId = VideoKeys.VideoIdOfRawKey(obj.Key);
            if (videoId is null && obj.FromBucketEvent && obj.Key.StartsWith("videos/", StringComparison.Ordinal))
            {
                // The service's own renditions, thumbnails and playlists: a bucket-wide notification reports them too.
                continue;
            }

            var answer = videoId is null
                ? Answer.NotFound("No upload was issued for this key.", $"'{obj.Key}' is not a key this service issued.")
                : await bus.InvokeAsync<Answer>(new CompleteUpload(videoId.Value, reportedBy, ReportedKey: obj.Key), ct);
            if (!answer.IsSuccess)
            {
                return answer.ToHttp();
            }
        }

        return notification.Answer.ToHttp();
    }
}
