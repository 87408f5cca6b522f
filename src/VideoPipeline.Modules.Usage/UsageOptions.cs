namespace VideoPipeline.Modules.Usage;

/// <summary>How usage is metered (section <c>VideoPipeline:Usage</c>).</summary>
public sealed class UsageOptions
{
    public const string Section = "VideoPipeline:Usage";

    /// <summary>When stored bytes are sampled for byte-hours: a cron expression with seconds, run once in the cluster.</summary>
    public string SampleSchedule { get; set; } = "0 */5 * * * *";

    /// <summary>When what was given back to the quotas, and the usage added by events, are folded into the counters and the owners' days: a cron expression with seconds, run once in the cluster.</summary>
    public string FoldSchedule { get; set; } = "*/10 * * * * *";

    /// <summary>How often each node adds the API calls it counted to the owners' usage.</summary>
    public TimeSpan ApiCallFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest range <c>GET /usage</c> answers, in days.</summary>
    public int MaxRangeDays { get; set; } = 366;
}
