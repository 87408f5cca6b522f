using Microsoft.AspNetCore.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads.CompleteUpload;
using Wolverine;

namespace VideoPipeline.Modules.Uploads.S3UploadWebhook;

/// <summary>What every storage notification path (signed webhook, MinIO, SNS) does with the objects it reports.</summary>
public static class CreatedObjects
{
    /// <summary>Completes the upload of each raw object; answers the refusal for the first unknown or missing one, or null.</summary>
    public static async Task<IResult?> ReportAsync(IEnumerable<CreatedObject> created, string reportedBy, IMessageBus bus, CancellationToken ct)
    {
        foreach (var obj in created)
        {
            var videoId = VideoKeys.VideoIdOfRawKey(obj.Key);
            if (videoId is null && obj.FromBucketEvent && obj.Key.StartsWith("videos/", StringComparison.Ordinal))
            {
                // The service's own renditions, thumbnails and playlists: a bucket-wide notification reports them too.
                continue;
            }

            var result = videoId is null
                ? new CompletionResult(CompletionOutcome.UnknownVideo)
                : await bus.InvokeAsync<CompletionResult>(new CompleteUpload.CompleteUpload(videoId.Value, reportedBy, ReportedKey: obj.Key), ct);

            switch (result.Outcome)
            {
                case CompletionOutcome.UnknownVideo:
                    return Results.Problem(
                        statusCode: StatusCodes.Status404NotFound,
                        title: "No upload was issued for this key.",
                        detail: $"'{obj.Key}' is not a key this service issued.");
                case CompletionOutcome.NothingUploaded:
                    return Results.Problem(
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        title: "The object is not in storage.",
                        detail: result.Detail);
            }
        }

        return null;
    }
}
