using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using JasperFx;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Catalog.EditingVideos;

/// <summary>
/// The body of <c>PATCH /videos/{id}</c>, a JSON merge patch (RFC 7396) of the integrator's fields: a field left out stays
/// as it is; <c>passthrough: null</c> removes the passthrough; in <c>metadata</c>, a key set to a string is set, a key set
/// to null is removed, and <c>metadata: null</c> removes them all.
/// </summary>
public sealed record EditVideoRequest(string? Title, string? Passthrough, IReadOnlyDictionary<string, string?>? Metadata)
{
    private static readonly string[] Fields = ["title", "passthrough", "metadata"];

    /// <summary>The fields the body names (a named null is not a left-out field).</summary>
    [JsonIgnore]
    public IReadOnlySet<string> Named { get; init; } = new HashSet<string>();

    public bool Names(string field) => Named.Contains(field);

    public VideoDetailsPatch ToPatch() => new(
        Title,
        Names("passthrough") ? new PatchValue<string?>(true, Passthrough) : default,
        MetadataCleared: Names("metadata") && Metadata is null,
        Metadata);

    /// <summary>Read here, not by the framework's binder, to tell a field that is null from one that is not there.</summary>
    public static async ValueTask<EditVideoRequest?> BindAsync(HttpContext http)
    {
        using var document = await OptionalJsonBody.ReadAsync<JsonDocument>(http)
                             ?? throw new BadHttpRequestException("Send the changes as a JSON object: {title?, passthrough?, metadata?}.");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new BadHttpRequestException("The body must be a JSON object: {title?, passthrough?, metadata?}.");
        }

        var named = document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (named.FirstOrDefault(name => !Fields.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new BadHttpRequestException($"'{(unknown.Length > 40 ? unknown[..40] + "…" : unknown)}' is not a field a PATCH can change: only title, passthrough and metadata.");
        }

        try
        {
            return document.RootElement.Deserialize<EditVideoRequest>(JsonSerializerOptions.Web)! with
            {
                Named = named.Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            };
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not a patch of this shape: {e.Message}", e);
        }
    }

    internal sealed class Validator : AbstractValidator<EditVideoRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Named).Must(named => named.Count > 0).OverridePropertyName("body").WithMessage("Name at least one of title, passthrough and metadata.");
            RuleFor(x => x.Title).VideoTitle().When(x => x.Names("title"));
            RuleFor(x => x.Passthrough)
                .Passthrough()
                .NotEqual("").WithMessage("'Passthrough' must not be empty: send null to remove it.");
            RuleFor(x => x.Metadata).Metadata(nullRemoves: true);
        }
    }
}

/// <summary>The owner edits the video's fields (ownership is checked before this runs); decided under the stream's lock, so concurrent patches merge.</summary>
public sealed record EditVideo([property: Identity] Guid VideoId, VideoDetailsPatch Patch);

public static class EditVideoHandler
{
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Answer, Events) Handle(EditVideo command, CatalogVideo? video) =>
        video is not { Deleted: false } ? (Answer.VideoNotFound, []) : video.Edit(command.Patch);
}

internal sealed class EditVideoEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPatch("/videos/{id:guid}", (Guid id, EditVideoRequest body, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new EditVideo(id, body.ToPatch()), ct))
            .WithTags("Videos")
            .WithSummary("Change the title, passthrough or metadata (a JSON merge patch: null removes).")
            .Accepts<EditVideoRequest>("application/json", "application/merge-patch+json")
            .Produces<VideoDetails>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
