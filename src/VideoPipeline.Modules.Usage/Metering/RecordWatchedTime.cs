namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>
/// The entry point for viewer analytics: its rollup of an owner's watched time on a day replaces the day's earlier total
/// (so a rollup that runs again changes nothing), in the transaction of the message's handling.
/// </summary>
public static class WatchedTimeRolledUpHandler
{
    public static void Handle(WatchedTimeRolledUp message, IDocumentSession session) =>
        session.QueueSqlCommand(
            $"insert into {UsageSchema.Daily} (owner_id, day, metric, amount) values (?, ?, ?, ?) " +
            "on conflict (owner_id, day, metric) do update set amount = excluded.amount",
            message.OwnerId, message.Day, Metrics.WatchedSeconds, (double)Math.Max(0, message.WatchedSeconds));
}
