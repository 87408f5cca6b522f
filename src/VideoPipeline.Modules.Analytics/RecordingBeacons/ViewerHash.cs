using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>
/// Tells viewers apart within one day without cookies and without keeping their address: a keyed hash of the client's
/// address and user agent under a random salt of the day. Every node uses the same salt (one row per day, the first node
/// to need it makes it), and the rollup deletes it once the day is over, so a stored hash can be matched neither to an
/// address nor to the same viewer on another day.
/// </summary>
public sealed class ViewerHash(NpgsqlDataSource database)
{
    private readonly ConcurrentDictionary<DateOnly, byte[]> _salts = new();

    public async Task<byte[]> OfAsync(DateOnly day, string? address, string? userAgent, CancellationToken ct)
    {
        var salt = _salts.TryGetValue(day, out var known) ? known : await SaltAsync(day, ct);
        return HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes($"{address}\n{userAgent}"))[..16];
    }

    private async Task<byte[]> SaltAsync(DateOnly day, CancellationToken ct)
    {
        // A concurrent first request of the day (on this node or another) may have made it while this statement waited
        // on it, after its snapshot was taken: then only a second statement sees the salt it made.
        var salt = await ReadAsync(
                       $"with made as (insert into {AnalyticsTables.ViewerSalts} (day, salt) values ($1, $2) on conflict (day) do nothing returning salt) " +
                       $"select salt from made union all select salt from {AnalyticsTables.ViewerSalts} where day = $1 limit 1",
                       ct, day, RandomNumberGenerator.GetBytes(32))
                   ?? await ReadAsync($"select salt from {AnalyticsTables.ViewerSalts} where day = $1", ct, day)
                   ?? throw new InvalidOperationException($"The viewer salt of {day:yyyy-MM-dd} was neither made nor found.");
        foreach (var old in _salts.Keys.Where(d => d < day))
        {
            _salts.TryRemove(old, out _);
        }

        return _salts.GetOrAdd(day, salt);
    }

    private async Task<byte[]?> ReadAsync(string sql, CancellationToken ct, params object[] values)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddRange(values.Select(value => new NpgsqlParameter { Value = value }).ToArray());
        return await command.ExecuteScalarAsync(ct) as byte[];
    }
}
