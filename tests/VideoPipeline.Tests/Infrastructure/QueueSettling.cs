using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Scheduling;
using Wolverine;
using Wolverine.Persistence.Durability;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// Waiting for the work an action causes. Wolverine's tracked session follows the messages it saw sent; under CPU load it
/// can see a handler succeed before that handler's cascaded message to a durable queue is recorded as sent, and end while
/// the cascade still runs. And a transcode, a download or a webhook attempt runs when its turn comes (<see cref="FairTurns"/>),
/// sent by a node's dispatcher rather than cascaded. So the action is followed, inside the session (which records what the
/// jobs throw), by waiting until the durable inbox holds nothing but scheduled messages and no job is waiting or running.
/// </summary>
public static class QueueSettling
{
    public static Task<ITrackedSession> AndWaitForTheQueueAsync(this IHost host, Func<Task> action, bool expectExceptions = false)
    {
        ArgumentNullException.ThrowIfNull(action);
        return host.AndWaitForTheQueueAsync(_ => action(), expectExceptions);
    }

    /// <summary>As the other, for an action that sends through the tracked session's own bus.</summary>
    public static async Task<ITrackedSession> AndWaitForTheQueueAsync(this IHost host, Func<IMessageContext, Task> action, bool expectExceptions = false)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(action);
        var tracking = host.TrackActivity(TimeSpan.FromMinutes(2));
        var session = await (expectExceptions ? tracking.DoNotAssertOnExceptionsDetected() : tracking)
            .ExecuteAndWaitAsync(bus => new ValueTask(ActAndSettleAsync(host, () => action(bus))));
        await SettledAsync(host);
        return session;
    }

    private static async Task ActAndSettleAsync(IHost host, Func<Task> action)
    {
        await action();
        await SettledAsync(host);
    }

    private static async Task SettledAsync(IHost host)
    {
        var store = host.Services.GetRequiredService<IMessageStore>();
        await Eventually.WaitForAsync(async () => (await store.Admin.FetchCountsAsync()).Incoming + await JobsInTheTurnsAsync(host), work => work == 0,
            TimeSpan.FromMinutes(2), "the durable inbox to hold nothing but scheduled messages, and every job to have ended");
    }

    private static async Task<long> JobsInTheTurnsAsync(IHost host)
    {
        await using var count = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand($"select count(*) from {FairTurns.TurnsTable}");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
