using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.Directory;

/// <summary>
/// How every node hears that a key (an API key, a signing key) or a playback restriction was deleted or an owner's standing changed: the deciding transaction queues a
/// <c>pg_notify</c> (<see cref="Notify"/>), PostgreSQL delivers it to every node once that transaction commits, and
/// each node forgets what it cached (<see cref="TenantDirectory"/>). A node that is not listening (at start, or after a
/// lost connection) does not use its cache at all, so a notification it missed cannot keep a revoked key alive.
/// </summary>
internal sealed class TenantChanges(NpgsqlDataSource database, TenantDirectory directory, ILogger<TenantChanges> logger) : BackgroundService
{
    public const string Channel = "videopipeline_tenants";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    /// <summary>Tells every node, when the session's transaction commits, to forget the key with this hash.</summary>
    public static IMartenOp KeyRevoked(string hash) => new Notify(TenantDirectory.KeyEntry(hash));

    /// <summary>Tells every node, when the session's transaction commits, to forget this signing key.</summary>
    public static IMartenOp SigningKeyDeleted(Guid id) => new Notify(TenantDirectory.SigningKeyEntry(id));

    /// <summary>Tells every node, when the session's transaction commits, to forget this playback restriction.</summary>
    public static IMartenOp RestrictionDeleted(Guid id) => new Notify(TenantDirectory.RestrictionEntry(id));

    /// <summary>Tells every node, when the session's transaction commits, that this owner's standing changed.</summary>
    public static IMartenOp StandingChanged(string ownerId) => new Notify(TenantDirectory.OwnerEntry(ownerId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => directory.Forget(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                directory.StartCaching();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                directory.StopCaching();
                logger.LogWarning("Key revocations: lost the connection to PostgreSQL ({Error}); keys are looked up uncached until listening again in {Delay}",
                    failure.Message, Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
            finally
            {
                directory.StopCaching();
            }
        }
    }

    private sealed record Notify(string Payload) : IMartenOp
    {
        public void Execute(IDocumentSession session) => session.QueueSqlCommand("select pg_notify(?, ?)", Channel, Payload);
    }
}
