using Marten.Services;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.EventStreams;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// Admits the transcode of an upload that landed to the turns of the <see cref="TranscodeSlots"/> in the transaction that
/// records <see cref="UploadCompleted"/> (an inline projection): the report's one commit holds the job, with no message
/// handed to an intake queue and a second transaction to admit it. Seeing the event again changes nothing (the turn is
/// keyed by the video). An event recorded before it carried its owner came with a <see cref="TranscodeVideo"/> message,
/// which <see cref="AdmitTranscodeHandler"/> admits.
/// </summary>
public sealed partial class AdmitLandedUploads : NeverRebuiltProjection
{
    protected override string WhyNeverRebuilt =>
        "it admits the transcode of each landed upload to the scheduler's turns; run again over the history, it would admit every upload ever landed again, " +
        "and the transcodes of videos long processed or deleted would run.";

    public static void Project(UploadCompleted e, IDocumentOperations operations)
    {
        if (e.OwnerId is { } owner)
        {
            FairTurns.Queue(operations, TranscodeSlots.QueueName, new RunTranscode(e.VideoId, e.RawKey, owner));
        }
    }
}

/// <summary>Wakes every node's dispatcher once a commit that admitted a transcode (<see cref="AdmitLandedUploads"/>) is committed.</summary>
internal sealed class WakeDispatchersOnLanding(ClusterAnnouncer announcer) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.GetEvents().Any(e => e.Data is UploadCompleted { OwnerId: not null }))
        {
            announcer.Announce(FairTurns.Channel);
        }

        return Task.CompletedTask;
    }
}
