using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Processing.JobCost;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing;

/// <summary>
/// How the transcode queue runs jobs (section <c>VideoPipeline:Processing</c>, the section the engine's
/// <see cref="MediaOptions"/> are bound to as well).
/// </summary>
public sealed class ProcessingOptions
{
    private static readonly TimeSpan[] DefaultRetryCooldowns = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    /// <summary>Transcodes run at once on this node; 0 means one per two cores (at least one).</summary>
    public int MaxParallelTranscodes { get; set; }

    /// <summary>
    /// One cooldown per retry of a transient failure (<see cref="RetryBudget"/>); after the last, the message is
    /// dead-lettered. Empty here because the configuration binder appends to, rather than replaces, a pre-filled array.
    /// </summary>
    public TimeSpan[] RetryCooldowns { get; set; } = [];

    public RetryBudget RetryBudget => new(RetryCooldowns.Length > 0 ? RetryCooldowns : DefaultRetryCooldowns);

    public int ResolveMaxParallelTranscodes() =>
        MaxParallelTranscodes > 0 ? MaxParallelTranscodes : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>What one job may cost, and the run time its cost allows (<see cref="CostEstimate"/>).</summary>
    public JobCostOptions JobCost { get; set; } = new();

    /// <summary>How the cluster's transcode slots are shared among owners (<see cref="FairChoice"/>).</summary>
    public FairShareOptions Fairness { get; set; } = new();

    /// <summary>
    /// The longest one attempt may take before the queue cancels it: twice the wall-time bound of a run over the costliest
    /// job any owner may run (the ladder, plus the few short runs and the uploads around it).
    /// </summary>
    public TimeSpan AttemptTimeLimit(MediaOptions media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return 2 * (media.MinRunTime + TimeSpan.FromSeconds(JobCost.HighestLimit * JobCost.RunSecondsPerGigapixel));
    }

    public void Validate()
    {
        JobCost.Validate();
        Fairness.Validate();
    }
}
