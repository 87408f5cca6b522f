using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// A node listens for every channel on one connection. When that connection is lost, its subscribers are told, and once
/// it listens again each catches up on what it may have missed, then hears what follows.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ListeningAfterALostConnection(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_lost_connection_is_listened_on_again_and_each_subscriber_catches_up()
    {
        var database = App.Host.Services.GetRequiredService<NpgsqlDataSource>();
        var subscriber = new Recording($"videopipeline_spec_{Guid.NewGuid():N}");
        using var listener = new ClusterListener(database, [subscriber], NullLogger<ClusterListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            await Eventually.WaitForAsync(() => Task.FromResult(subscriber.Listening), n => n == 1, Within, "the first listening");

            await using (var cut = database.CreateCommand("select count(pg_terminate_backend(pid)) from pg_stat_activity where query like $1 and pid <> pg_backend_pid()"))
            {
                cut.Parameters.Add(new NpgsqlParameter { Value = $"LISTEN {subscriber.Channel}%" });
                ((long)(await cut.ExecuteScalarAsync())!).ShouldBe(1);
            }

            await Eventually.WaitForAsync(() => Task.FromResult((subscriber.Stopped, subscriber.Listening)), n => n == (1, 2), Within,
                "the subscriber told of the lost connection, then listening again");
            await using (var notify = database.CreateCommand("select pg_notify($1, 'after')"))
            {
                notify.Parameters.Add(new NpgsqlParameter { Value = subscriber.Channel });
                await notify.ExecuteNonQueryAsync();
            }

            await Eventually.WaitForAsync(() => Task.FromResult(subscriber.Heard.ToArray()), heard => heard.SequenceEqual(["after"]), Within,
                "the notification sent once listening again");
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Recording(string channel) : INotificationSubscriber
    {
        private int _listening;
        private int _stopped;

        public string Channel { get; } = channel;

        public ConcurrentQueue<string> Heard { get; } = new();

        public int Listening => Volatile.Read(ref _listening);

        public int Stopped => Volatile.Read(ref _stopped);

        public void Notified(string payload) => Heard.Enqueue(payload);

        public Task ListeningAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _listening);
            return Task.CompletedTask;
        }

        public void StoppedListening() => Interlocked.Increment(ref _stopped);
    }
}
