using Alba;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VideoPipeline.BuildingBlocks.Scheduling;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>What the fair scheduler holds, read from its table.</summary>
public static class Turns
{
    /// <summary>The owner's jobs of <paramref name="queue"/> waiting for their turn (admitted, never claimed).</summary>
    public static async Task<long> WaitingAsync(this IAlbaHost host, string queue, string owner)
    {
        ArgumentNullException.ThrowIfNull(host);
        await using var count = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            $"select count(*) from {FairTurns.TurnsTable} where queue = $1 and owner_id = $2 and node is null");
        count.Parameters.Add(new NpgsqlParameter { Value = queue });
        count.Parameters.Add(new NpgsqlParameter { Value = owner });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
