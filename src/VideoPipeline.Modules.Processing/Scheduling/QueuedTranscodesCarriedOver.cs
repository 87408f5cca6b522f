using Microsoft.Extensions.Hosting;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// A database of the version before the shared turns keeps its queued transcodes in <c>processing.transcode_jobs</c>: once
/// the schema is migrated (after every hosted service started), the first node to start carries them into
/// <see cref="FairTurns"/> as waiting jobs and drops the old tables (the dispatchers are woken after it), so an upgrade loses no queued video. Any other node,
/// and every later start, finds nothing to do.
/// </summary>
public sealed class QueuedTranscodesCarriedOver(NpgsqlDataSource database, ClusterAnnouncer announcer) : IHostedLifecycleService
{
    public const string OldJobsTable = "processing.transcode_jobs";
    public const string OldOwnersTable = "processing.transcode_owners";

    private static readonly string CarryOver = $"""
        do $$
        begin
          perform pg_advisory_xact_lock(hashtext('{OldJobsTable}'));
          if to_regclass('{OldJobsTable}') is not null then
            insert into {FairTurns.TurnsTable} (queue, turn_id, owner_id, lane, payload, queued_at)
            select '{TranscodeSlots.QueueName}', video_id, owner_id, '',
                   json_build_object('VideoId', video_id, 'RawKey', raw_key, 'OwnerId', owner_id)::text, queued_at
            from {OldJobsTable}
            on conflict (queue, turn_id) do nothing;
            drop table {OldJobsTable};
            drop table if exists {OldOwnersTable};
          end if;
        end $$
        """;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(CarryOver);
        await command.ExecuteNonQueryAsync(cancellationToken);
        announcer.Announce(FairTurns.Channel);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
