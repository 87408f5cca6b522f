using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.RetryingFailedVideos;
using VideoPipeline.Modules.Uploads.IngestingFromUrls;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;
using VideoPipeline.Operations.WatchingTheQueues;
using Wolverine.Util;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// A durable queue stores each message under its type's name. Messages scheduled or queued by an earlier version must
/// still be found by this one, so a message keeps its stored name when its type's namespace changes.
/// </summary>
public sealed class KeepingMessagesInFlight
{
    public static TheoryData<Type, string> Stored => new()
    {
        { typeof(TranscodeVideo), "VideoPipeline.Contracts.TranscodeVideo" },
        { typeof(PurgeVideoObjects), "VideoPipeline.Contracts.PurgeVideoObjects" },
        { typeof(ReconcileUpload), "VideoPipeline.Modules.Uploads.ReconcileUpload.ReconcileUpload" },
        { typeof(AbortMultipartUpload), "VideoPipeline.Modules.Uploads.ReconcileUpload.AbortMultipartUpload" },
        { typeof(IngestFromUrl), "VideoPipeline.Modules.Uploads.IngestFromUrl.IngestFromUrl" },
        { typeof(LandIngestedFile), "VideoPipeline.Modules.Uploads.IngestFromUrl.LandIngestedFile" },
        { typeof(RefuseIngest), "VideoPipeline.Modules.Uploads.IngestFromUrl.RefuseIngest" },
        { typeof(DeliverWebhook), "VideoPipeline.Modules.Webhooks.DeliverWebhook.DeliverWebhook" },
        { typeof(ReplayTranscode), "VideoPipeline.Modules.Processing.RetryProcessing.ReplayTranscode" },
        { typeof(CheckQueueHealth), "VideoPipeline.Operations.QueueHealth.CheckQueueHealth" },
        { typeof(RaiseAlert), "VideoPipeline.Operations.QueueHealth.RaiseAlert" },
    };

    [Theory]
    [MemberData(nameof(Stored))]
    public void a_queued_message_keeps_the_name_it_was_stored_under(Type message, string stored)
    {
        message.ToMessageTypeName().ShouldBe(stored);
    }
}
