namespace VideoPipeline.Modules.Webhooks;

/// <summary>How outbound webhooks are delivered (section <c>VideoPipeline:Webhooks</c>).</summary>
public sealed class WebhooksOptions
{
    public const string Section = "VideoPipeline:Webhooks";

    /// <summary>One attempt may take this long, connecting included; no answer by then is a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each later wait is twice the one before, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A delivery is retried until this long has passed since its first attempt; the next failure then leaves it failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts at once on this node, all endpoints together.</summary>
    public int MaxParallelDeliveries { get; set; } = 16;

    /// <summary>
    /// Attempts at once on this node to one endpoint: a slow or dead endpoint holds at most this many of the
    /// <see cref="MaxParallelDeliveries"/>, and the rest are left to every other endpoint.
    /// </summary>
    public int MaxParallelPerEndpoint { get; set; } = 4;

    /// <summary>
    /// Attempts at once on this node for one owner, all its endpoints together; 0 (the default) is half of
    /// <see cref="MaxParallelDeliveries"/>. One owner's hanging endpoints hold at most this many, the rest are the others'.
    /// </summary>
    public int MaxParallelPerOwner { get; set; }

    public int ParallelPerOwner => MaxParallelPerOwner > 0 ? MaxParallelPerOwner : Math.Max(1, MaxParallelDeliveries / 2);
}
