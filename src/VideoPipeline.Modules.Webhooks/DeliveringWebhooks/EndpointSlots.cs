using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// Attempts at once on this node to each endpoint, bounded by <see cref="WebhooksOptions.MaxParallelPerEndpoint"/>: a slow
/// or dead endpoint holds at most that many of the node's deliveries.
/// </summary>
public sealed class EndpointSlots(WebhooksOptions options) : KeyedSlots<Guid>(options.MaxParallelPerEndpoint);

/// <summary>
/// Attempts at once on this node for each owner, all its endpoints together (<see cref="WebhooksOptions.ParallelPerOwner"/>):
/// however many slow or hanging endpoints one owner has, the rest of the node's deliveries are left to the other owners.
/// </summary>
public sealed class OwnerDeliverySlots(WebhooksOptions options) : KeyedSlots<string>(options.ParallelPerOwner);
