using System.Globalization;
using FluentValidation;

namespace VideoPipeline.Modules.Analytics;

/// <summary>UTC days, both included.</summary>
public sealed record DayRange(DateOnly From, DateOnly To);

/// <summary>
/// The query string of the analytics reports: <c>from</c> and <c>to</c>, UTC days (<c>yyyy-MM-dd</c>), both included;
/// by default the 30 days up to today, at most 366 days.
/// </summary>
internal sealed record AnalyticsRangeRequest(string? From, string? To)
{
    public const int MaxDays = 366;

    public DayRange Days(TimeProvider clock)
    {
        var to = To is null ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) : Parse(To)!.Value;
        return new DayRange(From is null ? to.AddDays(-29) : Parse(From)!.Value, to);
    }

    private static DateOnly? Parse(string? day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;

    internal sealed class Validator : AbstractValidator<AnalyticsRangeRequest>
    {
        public Validator()
        {
            RuleFor(r => r.From).Must(d => Parse(d) is not null).When(r => r.From is not null).WithMessage("'from' must be a day, yyyy-MM-dd.");
            RuleFor(r => r.To).Must(d => Parse(d) is not null).When(r => r.To is not null).WithMessage("'to' must be a day, yyyy-MM-dd.");
            RuleFor(r => r.To)
                .Must((r, to) => Parse(r.From)!.Value <= Parse(to)!.Value && Parse(to)!.Value.DayNumber - Parse(r.From)!.Value.DayNumber < MaxDays)
                .When(r => Parse(r.From) is not null && Parse(r.To) is not null)
                .WithMessage($"'to' must be on or after 'from', at most {MaxDays} days later.");
        }
    }
}
