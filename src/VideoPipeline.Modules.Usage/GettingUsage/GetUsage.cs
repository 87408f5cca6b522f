using FluentValidation;
using Npgsql;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Usage.Metering;

namespace VideoPipeline.Modules.Usage.GettingUsage;

/// <summary>
/// Usage from <paramref name="From"/> to <paramref name="To"/> (UTC days, both included) of one owner, or of every owner
/// with usage or quota counters when <paramref name="OwnerId"/> is null (an admin's question).
/// </summary>
public sealed record GetUsage(DateOnly From, DateOnly To, string? OwnerId);

/// <summary>The query string of <c>GET /usage</c>: UTC days (<c>2026-12-07</c>), by default the last 30 days to today; <c>owner</c> for an admin.</summary>
internal sealed record UsageRange(DateOnly? From, DateOnly? To, string? Owner)
{
    public GetUsage For(string? ownerId, DateOnly today) => new(From ?? (To ?? today).AddDays(-29), To ?? today, ownerId);

    internal sealed class Validator : AbstractValidator<UsageRange>
    {
        public Validator(UsageOptions options)
        {
            RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null).WithMessage("'to' must not be before 'from'.");
            RuleFor(x => x.To).Must((range, to) => to!.Value.DayNumber - range.From!.Value.DayNumber < options.MaxRangeDays)
                .When(x => x.From is not null && x.To is not null)
                .WithMessage($"The range from 'from' to 'to' must be at most {options.MaxRangeDays} days.");
            RuleFor(x => x.Owner).MaximumLength(200);
        }
    }
}

/// <summary>One day of an owner's usage, in the units of the API.</summary>
/// <param name="EncodedMinutes">Encoded output minutes by rung ("720p").</param>
/// <param name="ImagesRendered">Pictures the image API made (those served again from storage are not counted).</param>
public sealed record UsageDay(
    DateOnly Day, long UploadedBytes, double StoredByteHours, IReadOnlyDictionary<string, double> EncodedMinutes, long ApiCalls, double WatchedMinutes,
    long ImagesRendered);

/// <summary>An owner's usage: each day with any, the totals over the range, and its quotas now.</summary>
public sealed record OwnerUsage(string OwnerId, IReadOnlyList<UsageDay> Days, UsageDay Totals, IReadOnlyList<QuotaUse> Quotas, bool AnyAtLimit);

public sealed record UsageReport(DateOnly From, DateOnly To, IReadOnlyList<OwnerUsage> Owners);

public static class GetUsageHandler
{
    public static async Task<UsageReport> Handle(GetUsage query, NpgsqlDataSource database, QuotaOptions limits, TimeProvider clock, CancellationToken ct)
    {
        var rows = new List<(string Owner, DateOnly Day, string Metric, double Amount)>();
        await using (var read = database.CreateCommand(
            $"select owner_id, day, metric, amount from {Metrics.DailySql} days where day between $1 and $2 and ($3::text is null or owner_id = $3) order by owner_id, day"))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = query.From });
            read.Parameters.Add(new NpgsqlParameter { Value = query.To });
            read.Parameters.Add(new NpgsqlParameter { Value = (object?)query.OwnerId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetDouble(3)));
            }
        }

        var owners = query.OwnerId is { } one ? [one] : await OwnersWithQuotasAsync(database, rows.Select(r => r.Owner), ct);
        var now = clock.GetUtcNow();
        var report = new List<OwnerUsage>();
        foreach (var owner in owners)
        {
            var days = rows.Where(r => r.Owner == owner).GroupBy(r => r.Day).Select(day => DayOf(day.Key, day.Select(r => (r.Metric, r.Amount)))).ToList();
            var totals = DayOf(query.To, rows.Where(r => r.Owner == owner).Select(r => (r.Metric, r.Amount)));
            var standing = await QuotaReader.StandingAsync(database, owner, limits, now, ct);
            report.Add(new OwnerUsage(owner, days, totals with { Day = query.To }, standing.Quotas, standing.AnyAtLimit));
        }

        return new UsageReport(query.From, query.To, report);
    }

    private static UsageDay DayOf(DateOnly day, IEnumerable<(string Metric, double Amount)> metrics)
    {
        var sums = metrics.GroupBy(m => m.Metric).ToDictionary(g => g.Key, g => g.Sum(m => m.Amount));
        return new UsageDay(
            day,
            (long)sums.GetValueOrDefault(Metrics.UploadedBytes),
            sums.GetValueOrDefault(Metrics.StoredByteHours),
            sums.Where(s => s.Key.StartsWith(Metrics.EncodedSecondsPrefix, StringComparison.Ordinal))
                .ToDictionary(s => s.Key[Metrics.EncodedSecondsPrefix.Length..], s => Math.Round(s.Value / 60, 3)),
            (long)sums.GetValueOrDefault(Metrics.ApiCalls),
            Math.Round(sums.GetValueOrDefault(Metrics.WatchedSeconds) / 60, 3),
            (long)sums.GetValueOrDefault(Metrics.ImagesRendered));
    }

    /// <summary>Every owner with usage in the range or anything counted against a quota, by id.</summary>
    private static async Task<IReadOnlyList<string>> OwnersWithQuotasAsync(NpgsqlDataSource database, IEnumerable<string> withUsage, CancellationToken ct)
    {
        var owners = new SortedSet<string>(withUsage, StringComparer.Ordinal);
        await using var read = database.CreateCommand($"select distinct owner_id from {QuotaSchema.UsedSql} used where used > 0");
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            owners.Add(reader.GetString(0));
        }

        return [.. owners];
    }
}

internal sealed class GetUsageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/usage", async ([AsParameters] UsageRange range, HttpContext http, IMessageBus bus, TimeProvider clock) =>
            {
                if (!string.IsNullOrEmpty(range.Owner) && UsageAccess.OwnerFor(http.User, range.Owner) is null)
                {
                    return UsageAccess.OtherOwnersRefused.ToHttp();
                }

                // An admin without ?owner= reads every owner; anyone else reads the owner the question names (its own).
                var whose = http.User.IsAdmin() && string.IsNullOrEmpty(range.Owner) ? null : UsageAccess.OwnerFor(http.User, range.Owner);
                var query = range.For(whose, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
                return Results.Ok(await bus.InvokeAsync<UsageReport>(query, http.RequestAborted));
            })
            .WithTags("Usage")
            .WithSummary("Usage per UTC day from 'from' to 'to' (default: the last 30 days): the caller's own; with an admin key every owner's, or one with ?owner=.")
            .Produces<UsageReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
