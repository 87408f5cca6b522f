namespace VideoPipeline.Modules.Analytics;

/// <summary>Section <c>VideoPipeline:Analytics</c>: how beacons are bounded, written, rolled up and kept.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "VideoPipeline:Analytics";

    /// <summary>Days of raw beacon events kept (whole day partitions are dropped past it); views and daily figures stay.</summary>
    public int RawRetentionDays { get; set; } = 30;

    /// <summary>When views are rolled up: a cron expression with seconds, run once per occurrence in the cluster.</summary>
    public string RollupSchedule { get; set; } = "*/30 * * * * *";

    /// <summary>How long after its playback grant expired a view may still report (a viewer who started in time finishes).</summary>
    public TimeSpan GrantGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest beacon body, in bytes.</summary>
    public int MaxBeaconBytes { get; set; } = 16 * 1024;

    /// <summary>The most events one beacon may carry.</summary>
    public int MaxEventsPerBeacon { get; set; } = 100;

    /// <summary>Beacons one view may send per minute on one node (a player sends one every ten seconds or so).</summary>
    public int BeaconsPerViewPerMinute { get; set; } = 30;

    /// <summary>Beacons waiting for the database on one node; past it a beacon is answered 503 with Retry-After.</summary>
    public int MaxWaitingBeacons { get; set; } = 20_000;

    /// <summary>The most events written in one COPY.</summary>
    public int MaxEventsPerWrite { get; set; } = 20_000;

    /// <summary>The most views one rollup transaction recomputes (a backlog is worked off in several).</summary>
    public int ViewsPerRollupStep { get; set; } = 20_000;
}
