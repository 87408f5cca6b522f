using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Live.Simulcasting;

/// <summary>The node forwarding <paramref name="Connection"/> to simulcast target <paramref name="TargetId"/> says how it goes.</summary>
public sealed record ReportSimulcastTarget(Guid LiveStreamId, int Connection, Guid TargetId, string Status, string? Reason);

public static class ReportSimulcastTargetHandler
{
    /// <summary>
    /// Recorded when it is about the newest connection (also once its broadcast ended: the forwarding ends with it) and a
    /// target the stream still has, and says something new; a late or repeated report, or one about a removed target, changes nothing.
    /// </summary>
    public static Decision Decide(LiveStream? stream, ReportSimulcastTarget report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // The newest connection belongs to the newest broadcast, recorded last.
        if (stream is not { Recordings: [.., var videoId] } || report.Connection != stream.Connection ||
            stream.SimulcastTargets.Find(t => t.Id == report.TargetId) is not { } target || (target.Status, target.Reason) == (report.Status, report.Reason))
        {
            return Decision.Nothing;
        }

        return new Decision(null, [new SimulcastTargetReported(stream.Id, videoId, report.Connection, report.TargetId, report.Status, report.Reason)], null, []);
    }

    public static async Task Handle(ReportSimulcastTarget command, IDocumentSession session, QuotaOptions quotas, TimeProvider clock, CancellationToken ct) =>
        await LiveStreamWrites.DecideAsync(session, command.LiveStreamId, stream => Decide(stream, command), quotas, clock.GetUtcNow(), ct);
}
