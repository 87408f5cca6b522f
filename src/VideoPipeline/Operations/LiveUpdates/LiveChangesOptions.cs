namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>Section <c>VideoPipeline:LiveChanges</c>: how much of a node <c>GET /videos/changes</c> may hold.</summary>
public sealed class LiveChangesOptions
{
    public const string Section = "VideoPipeline:LiveChanges";

    /// <summary>Streams one API key may hold open on one node at once (a dashboard's tabs).</summary>
    public int MaxStreamsPerKey { get; set; } = 4;

    /// <summary>Streams one node holds open at once, for all keys.</summary>
    public int MaxStreamsPerNode { get; set; } = 200;

    /// <summary>
    /// How far back a resume (<c>Last-Event-ID</c>) may reach, in events of the whole store: what was committed after an
    /// older id is not replayed, the client is told to fetch the list again (a <c>reset</c> event).
    /// </summary>
    public int MaxReplayed { get; set; } = 1000;

    /// <summary>What a refused stream is told to wait before trying again (<c>Retry-After</c>).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    public LiveChangesOptions Validated() =>
        MaxStreamsPerKey < 1 || MaxStreamsPerNode < 1 || MaxReplayed < 1 || RetryAfter <= TimeSpan.Zero
            ? throw new InvalidOperationException($"{Section}: MaxStreamsPerKey, MaxStreamsPerNode and MaxReplayed must be at least 1, RetryAfter more than zero.")
            : this;
}
