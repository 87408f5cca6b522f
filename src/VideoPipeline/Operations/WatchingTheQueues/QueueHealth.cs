using Wolverine.Attributes;
using VideoPipeline.Contracts;
using Wolverine;
using Wolverine.Marten;

namespace VideoPipeline.Operations.WatchingTheQueues;

/// <summary>What the queue looked like at the last check: facts read from Wolverine's store and the video read model.</summary>
public sealed record QueueFacts(long DeadLetters, int Waiting, int Running, DateTimeOffset? OldestWaitingSince, DateTimeOffset CheckedAt)
{
    public TimeSpan? OldestWaiting => OldestWaitingSince is { } since ? CheckedAt - since : null;
}

/// <summary>
/// The queue's health as the last check found it, one document for the whole cluster: what readiness reports and the
/// queue gauges export on every node, and the incident an operator was told about.
/// </summary>
public sealed class QueueHealth
{
    public const string DocumentId = "queue";

    public string Id { get; set; } = DocumentId;

    public QueueFacts? Facts { get; set; }

    public List<string> Incidents { get; set; } = [];

    /// <summary>
    /// The stored version this health was decided from: checks that run at once (two nodes, an overlapping run) both
    /// decide from the same previous health, and only the first to commit may; the other is retried against what it wrote.
    /// </summary>
    [Marten.Schema.Version]
    public Guid Version { get; set; }

    /// <summary>The first health of a cluster is inserted (a concurrent first check fails), later ones replace the version they were decided from.</summary>
    public IMartenOp Save() => Version == Guid.Empty ? MartenOps.Insert(this) : MartenOps.Store(this);

    /// <summary>
    /// The check's decision: the incidents in these facts, and one alert when an incident starts (not again while it
    /// lasts; the next one alerts again once this one cleared).
    /// </summary>
    public static (QueueHealth Health, OutgoingMessages Alerts) Next(QueueHealth? previous, QueueFacts facts, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        var incidents = new List<string>();
        if (facts.DeadLetters > options.MaxDeadLetters)
        {
            incidents.Add($"{facts.DeadLetters} dead letters (more than {options.MaxDeadLetters})");
        }

        if (facts.OldestWaiting > options.MaxQueueAge)
        {
            incidents.Add($"an upload has waited {facts.OldestWaiting.Value:g} for its transcode (more than {options.MaxQueueAge:g})");
        }

        var alerts = new OutgoingMessages();
        if (incidents.Count > 0 && previous is not { Incidents.Count: > 0 })
        {
            alerts.Add(new RaiseAlert(incidents, facts));
        }

        return (new QueueHealth { Facts = facts, Incidents = incidents, Version = previous?.Version ?? Guid.Empty }, alerts);
    }
}

/// <summary>Tell the operator about an incident that just started (the signed alert webhook, retried by the queue).</summary>
// The name the durable queue stores it under, from before its folder was renamed, so messages in flight still find it.
[MessageIdentity("VideoPipeline.Operations.QueueHealth.RaiseAlert")]
public sealed record RaiseAlert(IReadOnlyList<string> Incidents, QueueFacts Facts);

/// <summary>The statuses a video waits in for its transcode, and is processed in.</summary>
internal static class QueueStatuses
{
    public const string Waiting = VideoStatus.Uploaded;
    public const string Running = VideoStatus.Processing;
}
