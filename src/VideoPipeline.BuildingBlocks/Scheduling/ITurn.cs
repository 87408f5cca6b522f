namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// The message a job's turn runs as: what a queue's admission stores in <see cref="FairTurns"/> (as JSON) and the
/// dispatcher sends to the node's run queue when the job's turn came.
/// </summary>
public interface ITurn
{
    /// <summary>The job's key in its queue: admitting the same key twice changes nothing.</summary>
    Guid TurnId { get; }

    string OwnerId { get; }

    /// <summary>The lane whose jobs are bounded together (a webhook endpoint), or "".</summary>
    string Lane { get; }
}
