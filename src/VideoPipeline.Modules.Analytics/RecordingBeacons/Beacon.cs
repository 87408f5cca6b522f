using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;
using VideoPipeline.Modules.Analytics.Storage;

namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>
/// What a player sends (<c>POST /videos/{id}/beacons</c>): the events of one view since its last beacon. The body is
/// JSON, sent as <c>text/plain</c> by <c>navigator.sendBeacon</c> (a type that needs no preflight) or as
/// <c>application/json</c>.
/// </summary>
/// <param name="ViewId">Random, made by the player for each playback.</param>
public sealed partial record Beacon(Guid ViewId, IReadOnlyList<ReportedEvent>? Events)
{
    /// <summary>The body whatever its declared type; malformed JSON is a 400 (the route's body limit bounds it first).</summary>
    public static async ValueTask<Beacon?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await JsonSerializer.DeserializeAsync<Beacon>(http.Request.Body, JsonSerializerOptions.Web, http.RequestAborted)
                   ?? throw new BadHttpRequestException("The beacon is empty: send {viewId, events}.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The beacon is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }

    internal sealed partial class Validator : AbstractValidator<Beacon>
    {
        private const int Day = 86_400_000;

        public Validator(IOptions<AnalyticsOptions> options)
        {
            var max = options.Value.MaxEventsPerBeacon;
            RuleFor(b => b.ViewId).NotEmpty();
            RuleFor(b => b.Events).NotEmpty().Must(e => e is null || e.Count <= max).WithMessage($"'Events' may hold at most {max} events per beacon.");
            RuleForEach(b => b.Events).NotNull().ChildRules(e =>
            {
                e.RuleFor(x => x.Seq).InclusiveBetween(0, 1_000_000);
                e.RuleFor(x => x.Type).Must(t => t is not null && ReportedEvent.Kinds.ContainsKey(t))
                    .WithMessage($"'Type' must be one of {string.Join(", ", ReportedEvent.Kinds.Keys)}.");
                e.RuleFor(x => x.At).InclusiveBetween(0, Day);
                e.RuleFor(x => x.Ms).InclusiveBetween(0, Day);
                e.RuleFor(x => x.Ms).NotNull().When(x => x.Kind is BeaconKind.FirstFrame or BeaconKind.Played or BeaconKind.Stall)
                    .WithMessage("'Ms' is required for firstFrame, played and stall.");
                e.RuleFor(x => x.Position).InclusiveBetween(0, Day);
                e.RuleFor(x => x.Rendition).Matches(RenditionName()).WithMessage("'Rendition' must be a rendition's name, such as 720p.");
                e.RuleFor(x => x.Rendition).NotNull().When(x => x.Kind is BeaconKind.Switch).WithMessage("'Rendition' is required for switch.");
                e.RuleFor(x => x.Code).Matches(ErrorCode()).WithMessage("'Code' must be the player's error code: at most 64 letters, digits and ._:-");
                e.RuleFor(x => x.Code).NotNull().When(x => x.Kind is BeaconKind.Error).WithMessage("'Code' is required for error.");
                e.RuleFor(x => x.Coverage).Matches(Coverage()).WithMessage("'Coverage' must be 25 hex digits: one bit per percent of the video played.");
            }).OverridePropertyName("events");
        }

        [GeneratedRegex("^[A-Za-z0-9_-]{1,16}$", RegexOptions.CultureInvariant)]
        private static partial Regex RenditionName();

        [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$", RegexOptions.CultureInvariant)]
        private static partial Regex ErrorCode();

        [GeneratedRegex("^[0-9a-f]{25}$", RegexOptions.CultureInvariant)]
        private static partial Regex Coverage();
    }
}

/// <summary>
/// One thing that happened in a view (see <see cref="BeaconKind"/> for what each <paramref name="Type"/> carries).
/// Times and positions are whole milliseconds.
/// </summary>
/// <param name="Seq">The event's number within its view, from 0: a beacon sent twice is counted once.</param>
/// <param name="At">When, on the player's clock, since the view started.</param>
/// <param name="Coverage">Every percent of the video played so far, one bit each (most significant first), as 25 hex digits.</param>
public sealed record ReportedEvent(int Seq, string? Type, int At, int? Ms, int? Position, string? Rendition, string? Code, string? Coverage)
{
    public static readonly IReadOnlyDictionary<string, BeaconKind> Kinds = new Dictionary<string, BeaconKind>(StringComparer.Ordinal)
    {
        ["view"] = BeaconKind.View,
        ["firstFrame"] = BeaconKind.FirstFrame,
        ["played"] = BeaconKind.Played,
        ["stall"] = BeaconKind.Stall,
        ["switch"] = BeaconKind.Switch,
        ["seek"] = BeaconKind.Seek,
        ["error"] = BeaconKind.Error,
        ["hidden"] = BeaconKind.Hidden,
        ["ended"] = BeaconKind.Ended,
    };

    internal BeaconKind? Kind => Type is not null && Kinds.TryGetValue(Type, out var kind) ? kind : null;
}
