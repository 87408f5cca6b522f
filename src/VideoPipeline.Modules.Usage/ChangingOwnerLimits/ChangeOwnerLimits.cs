using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Quotas;

using VideoPipeline.Modules.Usage.Quotas;

namespace VideoPipeline.Modules.Usage.ChangingOwnerLimits;

/// <summary>
/// An admin set an owner's limits: the owner's overrides become exactly the set the message carries (a limit left out
/// has its default again), in one transaction; the quotas' holds and the scheduler's choices read them from there. A limit lowered below what is used refuses new holds; nothing held is taken away.
/// </summary>
public static class OwnerLimitsChangedHandler
{
    public static void Handle(OwnerLimitsChanged message, IDocumentSession session, ILogger<QuotaReleases> logger)
    {
        session.QueueSqlCommand($"delete from {QuotaSchema.OwnerLimits} where owner_id = ?", message.OwnerId);
        foreach (var (quota, limit) in message.Overrides)
        {
            if (!(QuotaNames.All.Contains(quota) || QuotaNames.PerOwnerLimits.Contains(quota)) || limit < 0)
            {
                logger.LogWarning("Limit {Quota} = {Limit} of owner {OwnerId} ignored: not a limit, or negative", quota, limit, message.OwnerId);
                continue;
            }

            session.QueueSqlCommand($"insert into {QuotaSchema.OwnerLimits} (owner_id, quota, value) values (?, ?, ?)", message.OwnerId, quota, limit);
        }
    }
}
