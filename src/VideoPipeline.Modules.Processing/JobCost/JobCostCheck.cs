using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.JobCost;

/// <summary>Before anything is encoded: a job over its owner's cost limit is refused, for good, with the reason.</summary>
internal static class JobCostCheck
{
    /// <exception cref="MediaRefusedException">The job costs more than its owner may spend on one video.</exception>
    public static void Refuse(TranscodeJob job, SourceMedia source, JobCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (CostEstimate.Of(source).RefusalFor(job.OwnerId, source, options) is { } refusal)
        {
            throw new MediaRefusedException(refusal);
        }
    }
}
