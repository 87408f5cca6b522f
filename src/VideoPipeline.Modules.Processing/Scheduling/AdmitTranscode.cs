using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// Takes the durable <see cref="Contracts.TranscodeVideo"/> message off its FIFO queue into the turns of the
/// <see cref="TranscodeSlots"/>, where its turn depends on its owner's share, not on its age alone. Admitted in the
/// transaction that marks the message handled, so a crash in between delivers it again and the second admission changes nothing.
/// </summary>
public static class AdmitTranscodeHandler
{
    public static async Task Handle(Contracts.TranscodeVideo message, IDocumentSession session, FairTurns turns, CancellationToken ct)
    {
        var owner = message.OwnerId ?? (await session.Events.AggregateStreamAsync<TranscodeJob>(message.VideoId, token: ct))?.OwnerId ?? "";
        turns.Admit(session, TranscodeSlots.QueueName, new RunTranscode(message.VideoId, message.RawKey, owner));
    }
}
