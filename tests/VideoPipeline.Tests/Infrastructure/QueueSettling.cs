using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoPipeline.Modules.Processing.Scheduling;
using Wolverine.Persistence.Durability;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// Waiting for the work an action causes. Wolverine's tracked session follows the messages it saw sent; under CPU load it
/// can see a handler succeed before that handler's cascaded message to a durable queue is recorded as sent, and end while
/// the cascade still runs. So after the session, the durable inbox itself must hold nothing but scheduled messages.
/// </summary>
public static class QueueSettling
{
    public static async Task<ITrackedSession> AndWaitForTheQueueAsync(this IHost host, Func<Task> action, bool expectExceptions = false)
    {
        ArgumentNullException.ThrowIfNull(host);
        var tracking = host.TrackActivity(TimeSpan.FromMinutes(2));
        var session = await (expectExceptions ? tracking.DoNotAssertOnExceptionsDetected() : tracking).ExecuteAndWaitAsync(_ => new ValueTask(action()));
        var store = host.Services.GetRequiredService<IMessageStore>();
        await Eventually.WaitForAsync(() => store.Admin.FetchCountsAsync(), counts => counts.Incoming == 0, TimeSpan.FromMinutes(2),
            "the durable inbox to hold nothing but scheduled messages");
        await Eventually.WaitForAsync(() => TranscodesInHandAsync(host), count => count == 0, TimeSpan.FromMinutes(2),
            "every transcode to have ended");
        return session;
    }

    private static async Task<long> TranscodesInHandAsync(IHost host)
    {
        await using var count = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().CreateCommand($"select count(*) from {TranscodeTurns.JobsTable}");
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
