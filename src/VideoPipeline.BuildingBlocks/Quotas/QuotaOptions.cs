using VideoPipeline.Contracts;

namespace VideoPipeline.BuildingBlocks.Quotas;

/// <summary>
/// The quotas every owner is held to unless an admin overrides them (section <c>VideoPipeline:Quotas</c>,
/// <c>Defaults:&lt;name&gt;</c> by <see cref="VideoPipeline.Contracts.QuotaNames"/> name).
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "VideoPipeline:Quotas";

    /// <summary>Quota name → limit; configuration replaces the entries it names and keeps the others.</summary>
    public Dictionary<string, long> Defaults { get; set; } = new(StringComparer.Ordinal)
    {
        [QuotaNames.StoredBytes] = 100L * 1024 * 1024 * 1024,
        [QuotaNames.Videos] = 10_000,
        [QuotaNames.PendingUploads] = 100,
        [QuotaNames.EncodedMinutesPerMonth] = 10_000,
        [QuotaNames.CaptionTracks] = 10_000,
        [QuotaNames.CaptionBytes] = 1024L * 1024 * 1024,
        [QuotaNames.WebhookEndpoints] = 10,
        [QuotaNames.ConcurrentUrlIngests] = 10,
        [QuotaNames.ApiKeys] = 100,
        [QuotaNames.LiveStreams] = 5,
        [QuotaNames.SigningKeys] = 20,
        [QuotaNames.PlaybackRestrictions] = 100,
    };

    public long DefaultOf(string quota) =>
        Defaults.TryGetValue(quota, out var limit) ? limit : throw new ArgumentOutOfRangeException(nameof(quota), quota, "Not a quota.");
}
