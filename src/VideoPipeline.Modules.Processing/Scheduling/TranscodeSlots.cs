using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// The transcodes, shared fairly among owners on every node (<see cref="FairChoice"/>): this node runs
/// <see cref="ProcessingOptions.MaxParallelTranscodes"/> at once; an owner's cap is <c>Processing:Fairness</c>, or its
/// <see cref="QuotaNames.ParallelTranscodes"/> limit.
/// </summary>
public sealed class TranscodeSlots(ProcessingOptions options)
    : SharedSlots(QueueName, options.ResolveMaxParallelTranscodes(), options.Fairness, typeof(RunTranscode), QuotaNames.ParallelTranscodes)
{
    public const string QueueName = "transcode";
}
