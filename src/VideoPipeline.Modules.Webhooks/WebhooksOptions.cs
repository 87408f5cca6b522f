using VideoPipeline.BuildingBlocks.Scheduling;

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
    /// Attempts at once to one endpoint, on every node together: a slow or dead endpoint holds at most this many slots,
    /// and the rest are left to every other endpoint.
    /// </summary>
    public int MaxParallelPerEndpoint { get; set; } = 4;

    /// <summary>
    /// How owners share the deliveries of the cluster (weights, caps per owner, lease). An owner's cap, unless configured,
    /// is half of <see cref="MaxParallelDeliveries"/>: one owner's hanging endpoints never take every slot.
    /// </summary>
    public FairShareOptions Fairness { get; set; } = new();

    public FairShareOptions FairnessWithDefaults => Fairness.WithDefaultCap(Math.Max(1, MaxParallelDeliveries / 2));
}
