using Npgsql;

namespace VideoPipeline.BuildingBlocks.Cluster;

/// <summary>What a node's background loop waits out and tries again: PostgreSQL unreachable, restarting or gone, however wrapped (Marten wraps Npgsql's failures in its own).</summary>
public static class DatabaseFailures
{
    public static bool AreRetried(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException or IOException or TimeoutException)
            {
                return true;
            }
        }

        return failure is InvalidOperationException;
    }
}
