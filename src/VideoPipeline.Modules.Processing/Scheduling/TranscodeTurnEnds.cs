using VideoPipeline.MediaEngine;
using Wolverine.Runtime.Handlers;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// Middleware around every <see cref="RunTranscode"/>: once the job has ended for good (the handler returned: done, refused
/// or deleted; or its last attempt failed and the queue dead-letters it), its slot is freed here and cluster-wide. An
/// attempt that the queue will retry keeps the slot through the cooldown.
/// </summary>
public static class TranscodeTurnEnds
{
    public static Task AfterAsync(RunTranscode message, TranscodeTurns queue, TranscodeSlots slots) => EndAsync(message, queue, slots);

    public static Task FinallyAsync(RunTranscode message, Envelope envelope, TranscodeTurns queue, TranscodeSlots slots, ProcessingOptions options) =>
        options.RetryBudget.RetriesAfter(envelope.Attempts) ? Task.CompletedTask : EndAsync(message, queue, slots);

    internal static bool Applies(HandlerChain chain) => chain.MessageType == typeof(RunTranscode);

    private static async Task EndAsync(RunTranscode message, TranscodeTurns queue, TranscodeSlots slots)
    {
        slots.Free(message.VideoId);
        await queue.ReleaseAsync(message.VideoId, CancellationToken.None);
    }
}
