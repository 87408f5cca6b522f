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
    public const string ApiKeys = "apiKeys";
    public const string SigningKeys = "signingKeys";
    public const string PlaybackRestrictions = "playbackRestrictions";

    /// <summary>Live streams an owner keeps (idle or broadcasting); deleting one gives it back.</summary>
    public const string LiveStreams = "liveStreams";

    /// <summary>
    /// The most one video may cost to transcode, in gigapixels decoded and encoded (frames × pixels, every rung): a limit
    /// per job, not a counter, so it is not among <see cref="All"/>; default in <c>Processing:JobCost</c>.
    /// </summary>
    public const string TranscodeGigapixelsPerJob = "transcodeGigapixelsPerJob";

    /// <summary>The owner's transcodes running at once, cluster-wide (a cap of the fair scheduler; default in <c>Processing:Fairness</c>).</summary>
    public const string ParallelTranscodes = "parallelTranscodes";

    /// <summary>The owner's webhook attempts running at once, cluster-wide (default in <c>Webhooks:Fairness</c>).</summary>
    public const string ParallelWebhookDeliveries = "parallelWebhookDeliveries";

    /// <summary>The owner's URL downloads running at once, cluster-wide (default in <c>Uploads:UrlIngest:Fairness</c>).</summary>
    public const string ParallelUrlIngests = "parallelUrlIngests";

    public static readonly IReadOnlyList<string> All =
    [
        StoredBytes, Videos, PendingUploads, EncodedMinutesPerMonth, CaptionTracks, CaptionBytes, WebhookEndpoints,
        ConcurrentUrlIngests, ApiKeys, LiveStreams, SigningKeys, PlaybackRestrictions,
    ];

    /// <summary>The limits that are not counters (<see cref="All"/>): bounds on one job and caps on work at once, set by an admin like the quotas.</summary>
    public static readonly IReadOnlyList<string> PerOwnerLimits = [TranscodeGigapixelsPerJob, ParallelTranscodes, ParallelWebhookDeliveries, ParallelUrlIngests];
}

/// <summary>
/// An admin set an owner's limits (on creation or later): <paramref name="Overrides"/> is the owner's whole set of
/// overrides by <see cref="QuotaNames"/> name (quotas and <see cref="QuotaNames.PerOwnerLimits"/>); a name left out means the configured default.
/// </summary>
public sealed record OwnerLimitsChanged(string OwnerId, IReadOnlyDictionary<string, long> Overrides);

/// <summary>An admin lifted an owner's suspension: its waiting work is offered at once.</summary>
public sealed record OwnerReinstated(string OwnerId);

/// <summary>Query: each of an owner's quotas with its limit and what is used (for the admin's owner detail and the owner's usage).</summary>
public sealed record GetQuotaStanding(string OwnerId);

public sealed record QuotaStanding(string OwnerId, IReadOnlyList<QuotaUse> Quotas)
{
    /// <summary>Some quota is used up: the next request needing it is refused.</summary>
    public bool AnyAtLimit => Quotas.Any(q => q.AtLimit);
}

/// <param name="Used">In the quota's unit; for <see cref="QuotaNames.EncodedMinutesPerMonth"/>, this UTC month's.</param>
/// <param name="AtLimit">Nothing is left: <paramref name="Used"/> is at (or, after a lowered limit, over) <paramref name="Limit"/>.</param>
/// <param name="Exceeded">Over the limit, which only happens when an admin lowered it below what was used.</param>
public sealed record QuotaUse(string Name, long Limit, long Used, bool AtLimit, bool Exceeded);
