namespace VideoPipeline.Modules.Processing;

/// <summary>How the durable transcode queue retries (section <c>VideoPipeline:Processing</c>).</summary>
public sealed class ProcessingQueueOptions
{
    public const string Section = "VideoPipeline:Processing";
    public const string QueueName = "transcode";

    private static readonly TimeSpan[] DefaultCooldowns = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// One cooldown per retry of a transient failure; after the last, the message is dead-lettered.
    /// Empty by default because the configuration binder appends to, rather than replaces, a pre-filled array.
    /// </summary>
    public TimeSpan[] RetryCooldowns { get; set; } = [];

    public TimeSpan[] EffectiveRetryCooldowns => RetryCooldowns.Length > 0 ? RetryCooldowns : DefaultCooldowns;
}
