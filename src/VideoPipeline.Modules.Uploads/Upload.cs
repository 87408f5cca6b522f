using VideoPipeline.BuildingBlocks.Storage;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Uploads;

/// <summary>Who says the raw object of a video landed.</summary>
public enum UploadReporter
{
    /// <summary>The uploading client (<c>POST /videos/{id}/complete</c>): it is told why a report is refused.</summary>
    Client,

    /// <summary>Storage, through the signed webhook (or MinIO's token).</summary>
    Webhook,

    /// <summary>Storage, through Amazon SNS.</summary>
    Sns,

    /// <summary>The check scheduled when the upload was requested.</summary>
    Reconciler,

    /// <summary>The service itself, having downloaded the video from its source URL.</summary>
    Url,
}

/// <summary>What storage says of the raw object when a report is decided: its sealed head (null: nothing there), or why its parts could not be joined.</summary>
public sealed record Landing(ObjectHead? Head, string? PartsRefused = null)
{
    public static Landing Nothing { get; } = new(Head: null);
}

/// <summary>The Uploads module's view of a video stream: what was issued and whether it landed, and the decision when it does.</summary>
public sealed class Upload
{
    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string RawKey { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long? DeclaredSizeBytes { get; set; }

    /// <summary>The most this upload may store (the storage held for it), or null: only the service's size limit.</summary>
    public long? MaxSizeBytes { get; set; }
    public DateTimeOffset UploadUrlExpiresAt { get; set; }
    public string? MultipartUploadId { get; set; }
    public bool Completed { get; set; }

    /// <summary>Where the service downloads the video from, for a URL ingest; null for a client's upload.</summary>
    public Uri? SourceUrl { get; set; }

    /// <summary>The video was deleted: nothing it reports completes, and whatever landed is purged again.</summary>
    public bool Deleted { get; set; }

    /// <summary>Why no report of this upload can complete it any more (rejected or expired), or null.</summary>
    public string? ClosedBecause { get; set; }

    /// <summary>Issued and neither completed, closed nor deleted: a report can still land it.</summary>
    public bool IsPending => !Completed && ClosedBecause is null && !Deleted;

    public static Upload Create(UploadRequested e) => new()
    {
        Id = e.VideoId,
        OwnerId = e.OwnerId,
        RawKey = e.RawKey,
        ContentType = e.ContentType,
        DeclaredSizeBytes = e.DeclaredSizeBytes,
        MaxSizeBytes = e.MaxSizeBytes,
        UploadUrlExpiresAt = e.UploadUrlExpiresAt,
        MultipartUploadId = e.MultipartUploadId,
        SourceUrl = e.SourceUrl,
    };

    public void Apply(UploadCompleted _) => Completed = true;

    public void Apply(UploadRejected e) => ClosedBecause = $"The upload was rejected: {e.Reason}";

    public void Apply(UploadExpired _) => ClosedBecause = "The upload URL expired and nothing was uploaded.";

    public void Apply(UrlIngestFailed e) => ClosedBecause = $"The video could not be ingested from its URL: {e.Reason}";

    public void Apply(VideoDeleted _) => Deleted = true;

    /// <summary>
    /// A report of a pending upload, decided from what storage says: nothing there, the object breaking the terms
    /// (<see cref="UploadRejected"/>, never processed), or <see cref="UploadCompleted"/>, whose transcode Processing admits in
    /// the same transaction (an inline projection of the event). Only the client is told why a report is refused; storage
    /// and the reconciler are acknowledged. It sends no message: the tuple matches the other answers to a report.
    /// </summary>
    public (Answer, Events, OutgoingMessages) Land(UploadReporter reporter, Landing landing, long maxSizeBytes)
    {
        var events = new Events();
        var outgoing = new OutgoingMessages();
        if (landing.PartsRefused is { } refused)
        {
            return (Answer.Invalid("The parts do not match the upload.", refused), events, outgoing);
        }

        if (landing.Head is not { } head)
        {
            var nothing = $"No object was found at '{RawKey}'.";
            return (reporter == UploadReporter.Client
                ? Answer.Conflict("Nothing was uploaded yet.", nothing)
                : Answer.Unprocessable("The object is not in storage.", nothing), events, outgoing);
        }

        // The real size, not the one anybody declared or reported, decides.
        if (RefusalOf(head.Size, maxSizeBytes) is { } reason)
        {
            events.Add(new UploadRejected(Id, head.Size, reason));
            return (Told(reporter, Answer.Unprocessable("The upload was rejected.", reason)), events, outgoing);
        }

        // Carries the owner so that Processing admits the transcode in this commit (no message to hand it over).
        events.Add(new UploadCompleted(Id, RawKey, head.Size, reporter.ToString().ToLowerInvariant(), head.ETag, OwnerId));
        return (Accepted, events, outgoing);
    }

    /// <summary>
    /// A report of an upload that is no longer pending: a repeat changes nothing, a closed upload stays closed, and an
    /// upload of a deleted video is not found by its client, while storage's report is acknowledged; what landed is purged again.
    /// </summary>
    public (Answer, OutgoingMessages) Repeated(UploadReporter reporter) =>
        Deleted ? (Told(reporter, Answer.VideoNotFound), PurgeAgainIfDeleted())
        : (Completed ? Accepted : Told(reporter, Answer.Conflict("The upload can no longer be completed.", ClosedBecause)), new OutgoingMessages());

    /// <summary>For a deleted video, whatever reached storage after the deletion (a late PUT, a download) is purged again.</summary>
    public OutgoingMessages PurgeAgainIfDeleted() => Deleted ? [new PurgeVideoObjects(Id)] : [];

    /// <summary>
    /// The download from the source URL failed for good: the video fails with the reason, unless it is no longer waiting
    /// for its bytes (completed by an earlier delivery, or deleted).
    /// </summary>
    public Events RefuseIngest(string reason) => IsPending ? [new UrlIngestFailed(Id, reason)] : [];

    private Answer Accepted => Answer.Accepted($"/videos/{Id}");

    private Answer Told(UploadReporter reporter, Answer refusal) => reporter == UploadReporter.Client ? refusal : Accepted;

    private string? RefusalOf(long size, long maxSize) =>
        size > maxSize ? $"The object is {size} bytes, over the limit of {maxSize} bytes."
        : MaxSizeBytes is { } held && size > held ? $"The object is {size} bytes, over the {held} bytes of the owner's storage quota held for it when it was requested."
        : DeclaredSizeBytes is { } declared && declared != size ? $"The object is {size} bytes, not the {declared} bytes declared."
        : size == 0 ? "The object is empty."
        : null;
}
