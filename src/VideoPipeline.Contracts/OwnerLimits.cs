namespace VideoPipeline.Contracts;

/// <summary>
/// The quotas an owner is held to, by the name they have in the API (<c>limits</c> of <c>/admin/owners</c>, the problem
/// an owner over a quota gets, <c>GET /usage</c>). Defaults come from configuration; an admin overrides them per owner.
/// </summary>
public static class QuotaNames
{
    public const string StoredBytes = "storedBytes";
    public const string Videos = "videos";
    public const string PendingUploads = "pendingUploads";
    public const string EncodedMinutesPerMonth = "encodedMinutesPerMonth";
    public const string CaptionTracks = "captionTracks";
    public const string CaptionBytes = "captionBytes";
    public const string WebhookEndpoints = "webhookEndpoints";
    public const string ConcurrentUrlIngests = "concurrentUrlIngests";

    /// <summary>The most one video may cost to transcode, in gigapixels decoded and encoded (frames × pixels, every rung).</summary>
    public const string TranscodeGigapixelsPerJob = "transcodeGigapixelsPerJob";

    public static readonly IReadOnlyList<string> All =
    [
        StoredBytes, Videos, PendingUploads, EncodedMinutesPerMonth, CaptionTracks, CaptionBytes, WebhookEndpoints,
        ConcurrentUrlIngests, TranscodeGigapixelsPerJob,
    ];
}

/// <summary>
/// An admin set an owner's limits (on creation or later): <paramref name="Overrides"/> is the owner's whole set of
/// overrides by <see cref="QuotaNames"/> name; a name left out means the configured default.
/// </summary>
public sealed record OwnerLimitsChanged(string OwnerId, IReadOnlyDictionary<string, long> Overrides);

/// <summary>An admin suspended an owner: its requests are refused and its queued work does not start.</summary>
public sealed record OwnerSuspended(string OwnerId);

/// <summary>An admin lifted an owner's suspension.</summary>
public sealed record OwnerReinstated(string OwnerId);
