namespace VideoPipeline.Operations.WatchingTheQueues;

/// <summary>When the queue needs a person (section <c>VideoPipeline:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "VideoPipeline:Alerts";

    /// <summary>More dead letters than this is an incident.</summary>
    public int MaxDeadLetters { get; set; } = 10;

    /// <summary>An upload waiting this long for its transcode to start is an incident.</summary>
    public TimeSpan MaxQueueAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>When the queue is looked at: a cron expression with seconds (at most every 5 s), run once in the cluster.</summary>
    public string CheckSchedule { get; set; } = "*/30 * * * * *";

    /// <summary>Called once per incident with a signed JSON body; unset means log and readiness only.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>HMAC secret of the alert webhook's <c>X-Webhook-Signature</c> (the same scheme as the upload webhook).</summary>
    public string? WebhookSecret { get; set; }
}
