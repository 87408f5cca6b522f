using Npgsql;

namespace VideoPipeline.Configuration;

/// <summary>
/// How the service's pooled connections are used, unless the connection string already says otherwise.
/// </summary>
/// <remarks>
/// <para><c>No Reset On Close</c>: a connection going back to the pool is not sent <c>DISCARD ALL</c>, which costs a
/// statement per checkout and throws away every prepared statement. Nothing here leaves per-session state on a pooled
/// connection: every advisory lock the service takes is transaction-scoped (<c>pg_advisory_xact_lock</c>), no statement
/// sets a session setting or makes a temporary table, and the listeners (live changes, tenants, transcode turns) hold
/// their connection for as long as they listen (the live changes' listener sends <c>UNLISTEN *</c> before giving its
/// connection back). Wolverine's leadership locks are session locks, held on a connection Wolverine keeps for as long
/// as it holds them and releases (<c>pg_advisory_unlock</c>) before letting it go; only if that release times out does
/// Wolverine leave the lock to the session's end, which on a pooled connection is when the pool retires it
/// (<c>Connection Idle Lifetime</c>), as it was before: the reset was sent only when the connection was next used.</para>
/// <para><c>Max Auto Prepare</c>: the statements used most often (Marten's, Wolverine's and ours) are prepared on each
/// connection after their second use, so PostgreSQL plans them once per connection rather than once per execution.</para>
/// </remarks>
public static class DatabaseConnections
{
    public const int PreparedStatementsPerConnection = 256;

    private static readonly string[] NoResetKeys = ["No Reset On Close", "NoResetOnClose"];
    private static readonly string[] AutoPrepareKeys = ["Max Auto Prepare", "MaxAutoPrepare"];

    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(connectionString, NoResetKeys))
        {
            builder.NoResetOnClose = true;
        }

        if (!Says(connectionString, AutoPrepareKeys))
        {
            builder.MaxAutoPrepare = PreparedStatementsPerConnection;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    private static bool Says(string connectionString, string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => names.Contains(key, StringComparer.OrdinalIgnoreCase));
}
