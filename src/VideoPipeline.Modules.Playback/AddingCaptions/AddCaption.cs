using System.Text;
using FluentValidation;
using JasperFx;
using Microsoft.AspNetCore.Mvc;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Playback.Captions;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Playback.AddingCaptions;

/// <summary>The form of <c>POST /videos/{id}/captions</c>: the track's language and label, and its WebVTT or SRT file.</summary>
internal sealed class CaptionForm
{
    public string? Language { get; set; }
    public string? Label { get; set; }
    public IFormFile? File { get; set; }

    internal sealed class Validator : AbstractValidator<CaptionForm>
    {
        public Validator()
        {
            RuleFor(x => x.Language).NotEmpty().Matches(CaptionLanguage.Pattern).WithMessage(CaptionLanguage.Rule);
            RuleFor(x => x.Label).NotEmpty().MaximumLength(64).PlainText();
            RuleFor(x => x.File).NotNull().WithMessage("'File' must be a WebVTT or SRT file.");
            RuleFor(x => x.File!.Length).LessThanOrEqualTo(AddCaptionEndpoint.MaxFileBytes).When(x => x.File is not null)
                .WithMessage($"'File' must be at most {AddCaptionEndpoint.MaxFileBytes} bytes.");
        }
    }
}

/// <summary>A caption track for a video (ownership is checked before this runs); the file is read here, not trusted.</summary>
public sealed record AddCaption([property: Identity] Guid VideoId, string Language, string Label, byte[] File);

public static class AddCaptionHandler
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the file as WebVTT or SRT and keeps it as WebVTT, replacing the track of the same language; the track, its
    /// event and the owner's caption quotas it holds are one commit, so a track is listed exactly when it can be served,
    /// and is not kept at all when the owner has no room for it. Only a video whose media landed takes captions.
    /// </summary>
    [AggregateHandler(ConcurrencyStyle.Exclusive)]
    public static (Answer, Events, IMartenOp, IMartenOp) Handle(AddCaption command, VideoCaptions? captions, QuotaOptions quotas, TimeProvider clock)
    {
        if (captions is null)
        {
            return (Answer.VideoNotFound, [], MartenOps.Nothing(), MartenOps.Nothing());
        }

        if (!captions.Uploaded)
        {
            return (Answer.Conflict("The video has no media yet.", "Captions are added to a video whose upload landed; upload it first."),
                [], MartenOps.Nothing(), MartenOps.Nothing());
        }

        if (!captions.Tracks.ContainsKey(command.Language) && captions.Tracks.Count >= VideoCaptions.MaxTracks)
        {
            return (Answer.Conflict("The video has all the caption tracks it can have.", $"A video has at most {VideoCaptions.MaxTracks}; remove one first."),
                [], MartenOps.Nothing(), MartenOps.Nothing());
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(command.File);
        }
        catch (DecoderFallbackException)
        {
            return (Answer.Invalid("The caption file is not UTF-8 text."), [], MartenOps.Nothing(), MartenOps.Nothing());
        }

        var file = CaptionFile.Read(text);
        if (file.WebVtt is not { } webVtt)
        {
            return (Answer.Invalid("The caption file is malformed.", file.Refusal), [], MartenOps.Nothing(), MartenOps.Nothing());
        }

        var language = CaptionLanguage.Normalize(command.Language);
        var track = new CaptionTrack
        {
            Id = CaptionTrack.IdOf(command.VideoId, language), VideoId = command.VideoId, Language = language, Label = command.Label.Trim(), WebVtt = webVtt,
        };
        var hold = QuotaLedger.Hold(captions.OwnerId, QuotaSubject.Caption(command.VideoId, language), quotas, clock.GetUtcNow(),
            new QuotaHold(QuotaNames.CaptionTracks, 1), new QuotaHold(QuotaNames.CaptionBytes, Encoding.UTF8.GetByteCount(webVtt)));
        return (Answer.Created($"/videos/{command.VideoId}/captions/{language}", new { language, label = track.Label, cues = file.Cues }),
            [new CaptionAdded(command.VideoId, language, track.Label, file.Cues)], MartenOps.Store(track), hold);
    }
}

internal sealed class AddCaptionEndpoint : ICarterModule
{
    public const long MaxFileBytes = 2 * 1024 * 1024;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/videos/{id:guid}/captions", async (Guid id, [FromForm] CaptionForm form, IMessageBus bus, CancellationToken ct) =>
            {
                using var file = new MemoryStream();
                await form.File!.CopyToAsync(file, ct);
                return await bus.AnswerAsync(new AddCaption(id, form.Language!, form.Label!, file.ToArray()), ct);
            })
            .DisableAntiforgery() // an API call authenticated by its key, not a browser form riding on a cookie
            .WithBodyLimit(MaxFileBytes + (64 * 1024))
            .WithTags("Playback")
            .WithSummary("Add a caption track (multipart form: language, label, file as WebVTT or SRT); it joins HLS and DASH.")
            .Accepts<CaptionForm>("multipart/form-data")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
