using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live.Ingesting;

/// <summary>The ingest of a connection read its input and found it acceptable.</summary>
public sealed record AcceptLiveInput(Guid LiveStreamId, int Connection, SourceInspected Source, IReadOnlyList<string> Capped);

/// <summary>The ingest of a connection found its input beyond the limits.</summary>
public sealed record RefuseLiveInput(Guid LiveStreamId, int Connection, string Reason);

/// <summary>The ingest of a connection stopped reading it (<paramref name="Error"/>: why, when it failed).</summary>
public sealed record RecordIngestEnded(Guid LiveStreamId, int Connection, string? Error);

public static class AcceptLiveInputHandler
{
    public static async Task Handle(AcceptLiveInput command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        await LiveStreamWrites.DecideAsync(session, command.LiveStreamId,
            stream => stream is null ? Decision.Nothing : Broadcasts.AcceptInput(stream, command.Connection, command.Source, command.Capped), quotas, clock.GetUtcNow(), ct);
}

public static class RefuseLiveInputHandler
{
    public static async Task<OutgoingMessages> Handle(RefuseLiveInput command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        (await LiveStreamWrites.DecideAsync(session, command.LiveStreamId,
            stream => stream is null ? Decision.Nothing : Broadcasts.RefuseInput(stream, command.Connection, command.Reason), quotas, clock.GetUtcNow(), ct)).Messages;
}

public static class RecordIngestEndedHandler
{
    public static async Task<OutgoingMessages> Handle(RecordIngestEnded command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        (await LiveStreamWrites.DecideAsync(session, command.LiveStreamId,
            stream => stream is null ? Decision.Nothing : Broadcasts.IngestEnded(stream, command.Connection, command.Error, clock.GetUtcNow()), quotas, clock.GetUtcNow(), ct)).Messages;
}
