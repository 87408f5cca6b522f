using VideoPipeline.Modules.Uploads.CompletingUploads;

namespace VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

/// <summary>What every storage notification path (signed webhook, MinIO, SNS) does with the objects it reports.</summary>
internal static class CreatedObjects
{
    /// <summary>
    /// Reports each raw object as landed (one <see cref="CompleteUpload"/> each); answers the first refusal,
    /// or null when every report was accepted.
    /// </summary>
    public static async Task<Answer?> ReportAsync(IEnumerable<CreatedObject> created, UploadReporter reportedBy, IMessageBus bus, CancellationToken ct)
    {
        foreach (var obj in created)
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
                return answer;
            }
        }

        return null;
    }
}
