using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.Modules.Usage.Metering;

/// <summary>
/// API calls per owner and UTC day, counted in this node's memory as requests arrive and added to <c>usage.daily</c> in
/// one batch per flush. A flush adds what this node counted since its last one, so the nodes' counts add up; a flush that
/// fails keeps its counts for the next, and the last flush runs when the node stops.
/// </summary>
public sealed class ApiCallMeter
{
    private readonly ConcurrentDictionary<(string Owner, DateOnly Day), long> _pending = new();
    private readonly NpgsqlDataSource _database;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _calls;

    public ApiCallMeter(NpgsqlDataSource database, TimeProvider clock, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _database = database;
        _clock = clock;
        _calls = meters.Create(ServiceMeter.Name).CreateCounter<long>("usage_api_calls", description: "API calls made with an owner's key (every owner together).");
    }

    public void Count(string ownerId)
    {
        _pending.AddOrUpdate((ownerId, DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime)), 1, (_, n) => n + 1);
        _calls.Add(1);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var taken = new List<((string Owner, DateOnly Day) Key, long Calls)>();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var calls))
            {
                taken.Add((key, calls));
            }
        }

        if (taken.Count == 0)
        {
            return;
        }

        try
        {
            await using var add = _database.CreateCommand(
                $"insert into {UsageSchema.Daily} as d (owner_id, day, metric, amount) " +
                $"select o, dy, '{Metrics.ApiCalls}', n from unnest($1::text[], $2::date[], $3::float8[]) as t(o, dy, n) " +
                "on conflict (owner_id, day, metric) do update set amount = d.amount + excluded.amount");
            add.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Key.Owner).ToArray() });
            add.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => t.Key.Day).ToArray() });
            add.Parameters.Add(new NpgsqlParameter { Value = taken.Select(t => (double)t.Calls).ToArray() });
            await add.ExecuteNonQueryAsync(ct);
        }
        catch
        {
            foreach (var (key, calls) in taken)
            {
                _pending.AddOrUpdate(key, calls, (_, n) => n + calls);
            }

            throw;
        }
    }
}

/// <summary>Flushes this node's API call counts every <see cref="UsageOptions.ApiCallFlushInterval"/>, and once more when the node stops.</summary>
internal sealed class ApiCallFlushing(ApiCallMeter meter, UsageOptions options, TimeProvider clock, ILogger<ApiCallMeter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ApiCallFlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await meter.FlushAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "API call counts not flushed; they are kept for the next flush");
        }
    }
}

/// <summary>Counts every request made with an owner's key, after authentication named the owner.</summary>
public static class ApiCallMetering
{
    public static IApplicationBuilder UseApiCallMetering(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(Owner.ClaimType) is { } owner)
            {
                http.RequestServices.GetRequiredService<ApiCallMeter>().Count(owner.Value);
            }

            await next(http);
        });
}
