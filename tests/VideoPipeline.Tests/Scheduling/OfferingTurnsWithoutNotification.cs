using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Processing.Scheduling;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Scheduling;

/// <summary>
/// A job's admission wakes the dispatchers with a notification sent after its commit; one that never came (merged,
/// lost with a connection, or never sent by a node killed right after its commit) only delays the job until the
/// dispatchers look at the turns again.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class OfferingTurnsWithoutNotification(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_job_admitted_without_a_notification_is_still_offered()
    {
        var database = App.Host.Services.GetRequiredService<NpgsqlDataSource>();
        var turnId = Guid.NewGuid();

        // As a node would admit it, without the notification: its run message is unreadable, so the node that takes it
        // up drops it, which the spec sees as the row gone.
        await using (var admit = database.CreateCommand(
            $"insert into {FairTurns.TurnsTable} (queue, turn_id, owner_id, lane, payload, queued_at) values ($1, $2, 'unannounced', '', 'not json', now())"))
        {
            admit.Parameters.Add(new NpgsqlParameter { Value = TranscodeSlots.QueueName });
            admit.Parameters.Add(new NpgsqlParameter { Value = turnId });
            await admit.ExecuteNonQueryAsync();
        }

        await Eventually.WaitForAsync(() => RowsAsync(database, turnId), rows => rows == 0,
            new FairShareOptions().Lease, "a dispatcher to take up the job no notification announced");
    }

    private static async Task<long> RowsAsync(NpgsqlDataSource database, Guid turnId)
    {
        await using var count = database.CreateCommand($"select count(*) from {FairTurns.TurnsTable} where turn_id = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = turnId });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
