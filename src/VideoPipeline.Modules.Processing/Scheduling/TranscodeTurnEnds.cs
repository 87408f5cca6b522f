using VideoPipeline.BuildingBlocks.Scheduling;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// Middleware around every <see cref="RunTranscode"/>: once the job has ended for good (the handler returned: done, refused
/// or deleted; or its last attempt failed and the queue dead-letters it), its slot is freed here and cluster-wide, once:
/// a job that returned on its last attempt passes both <see cref="AfterAsync"/> and <see cref="FinallyAsync"/>, and only
/// the first to free its slot deletes its turn. An attempt that the queue will retry keeps the slot through the cooldown.
/// Not <see cref="TurnRuns"/>: a transcode records each step in a commit of its own, so its turn cannot end in the commit of
/// what it recorded (as a delivery's or a download's does), and its retries follow its own <see cref="RetryBudget"/>.
/// </summary>
public static class TranscodeTurnEnds
{
    public static Task AfterAsync(RunTranscode message, FairTurns turns, TranscodeSlots queue) => EndAsync(message, turns, queue);

    public static Task FinallyAsync(RunTranscode message, Envelope envelope, FairTurns turns, TranscodeSlots queue, ProcessingOptions options) =>
        options.RetryBudget.RetriesAfter(envelope.Attempts) ? Task.CompletedTask : EndAsync(message, turns, queue);

    internal static bool Applies(HandlerChain chain) => chain.MessageType == typeof(RunTranscode);

    private static Task EndAsync(RunTranscode message, FairTurns turns, TranscodeSlots queue) =>
        queue.Free(message.VideoId) ? turns.ReleaseAsync(TranscodeSlots.QueueName, message.VideoId, CancellationToken.None) : Task.CompletedTask;
}
