using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.Modules.Processing.Scheduling;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>A database of the version before the shared turns keeps its queued transcodes: an upgrade carries them into the turns, once.</summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class CarryingOverQueuedTranscodes(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_transcode_queued_by_the_previous_version_waits_in_the_turns_and_the_old_tables_are_gone()
    {
        // A suspended owner's job stays waiting, so the spec reads it before any node would start it.
        var tenants = new TenantApi(Api);
        await tenants.CreateOwnerAsync("upgraded");
        await tenants.SuspendAsync("upgraded");
        var database = App.Host.Services.GetRequiredService<NpgsqlDataSource>();
        var videoId = Guid.CreateVersion7();
        await using (var old = database.CreateCommand($"""
            create schema if not exists processing;
            create table {QueuedTranscodesCarriedOver.OldJobsTable} (video_id uuid primary key, owner_id text not null, raw_key text not null,
              queued_at timestamptz not null, node text, lease_until timestamptz);
            create table {QueuedTranscodesCarriedOver.OldOwnersTable} (owner_id text primary key, last_started_at timestamptz not null);
            insert into {QueuedTranscodesCarriedOver.OldJobsTable} values ('{videoId}', 'upgraded', 'raw/{videoId:N}.mp4', now() - interval '1 hour', 'gone-node', now() - interval '50 minutes');
            """))
        {
            await old.ExecuteNonQueryAsync();
        }

        var carryOver = new QueuedTranscodesCarriedOver(database, App.Host.Services.GetRequiredService<ClusterAnnouncer>());
        await carryOver.StartedAsync(CancellationToken.None);
        await carryOver.StartedAsync(CancellationToken.None);

        (await App.Host.WaitingAsync(TranscodeSlots.QueueName, "upgraded")).ShouldBe(1);
        await using var payload = database.CreateCommand($"select payload from {FairTurns.TurnsTable} where queue = $1 and turn_id = $2");
        payload.Parameters.Add(new NpgsqlParameter { Value = TranscodeSlots.QueueName });
        payload.Parameters.Add(new NpgsqlParameter { Value = videoId });
        JsonSerializer.Deserialize<RunTranscode>((string)(await payload.ExecuteScalarAsync())!).ShouldBe(new RunTranscode(videoId, $"raw/{videoId:N}.mp4", "upgraded"));
        await using var tables = database.CreateCommand($"select to_regclass('{QueuedTranscodesCarriedOver.OldJobsTable}') is null and to_regclass('{QueuedTranscodesCarriedOver.OldOwnersTable}') is null");
        ((bool)(await tables.ExecuteScalarAsync())!).ShouldBeTrue("the old tables are dropped");
    }
}
