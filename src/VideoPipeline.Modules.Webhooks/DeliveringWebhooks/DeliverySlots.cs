using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// Webhook attempts, shared fairly among owners on every node (<see cref="FairChoice"/>): this node makes
/// <see cref="WebhooksOptions.MaxParallelDeliveries"/> at once; an endpoint has at most
/// <see cref="WebhooksOptions.MaxParallelPerEndpoint"/> in the cluster (its lane), and an owner at most its cap
/// (<c>Webhooks:Fairness</c>, by default half of a node's deliveries, or its <see cref="QuotaNames.ParallelWebhookDeliveries"/>
/// limit), so one owner's hanging endpoints never take every slot.
/// </summary>
public sealed class DeliverySlots(WebhooksOptions options)
    : SharedSlots(QueueName, options.MaxParallelDeliveries, options.FairnessWithDefaults, typeof(AttemptDelivery), QuotaNames.ParallelWebhookDeliveries,
        options.MaxParallelPerEndpoint)
{
    public const string QueueName = "webhooks";
}
