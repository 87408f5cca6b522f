using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingImages;

/// <summary>
/// A still of a video at <paramref name="Time"/> (its middle when null), <paramref name="Width"/> × <paramref name="Height"/>
/// (either, both or neither), for the holder of its playback grant.
/// </summary>
public sealed record ServeThumbnail(Guid VideoId, StillFormat Format, double? Time, int? Width, int? Height, PictureFit Fit, PlaybackCredential Credential)
    : IGrantedRequest
{
    public string Audience => PlaybackAudience.Thumbnail;
}

/// <summary>The query values of <c>GET /videos/{id}/thumbnail.{extension}</c>, as the URL spells them.</summary>
internal sealed record ThumbnailParameters(
    [FromRoute(Name = "extension")] string Extension,
    [FromQuery(Name = "time")] string? Time,
    [FromQuery(Name = "width")] string? Width,
    [FromQuery(Name = "height")] string? Height,
    [FromQuery(Name = "fit_mode")] string? FitMode)
{
    private static readonly Dictionary<string, StillFormat> Formats = new(StringComparer.Ordinal)
    {
        ["jpg"] = StillFormat.Jpeg, ["png"] = StillFormat.Png, ["webp"] = StillFormat.Webp,
    };

    private static readonly Dictionary<string, PictureFit> Fits = new(StringComparer.Ordinal)
    {
        ["preserve"] = PictureFit.Preserve, ["stretch"] = PictureFit.Stretch, ["crop"] = PictureFit.Crop, ["pad"] = PictureFit.Pad,
    };

    public ServeThumbnail For(Guid id, PlaybackCredential credential) => new(
        id, Formats[Extension], ImageParameters.Seconds(Time), ImageParameters.Whole(Width), ImageParameters.Whole(Height),
        FitMode is null ? PictureFit.Preserve : Fits[FitMode], credential);

    internal sealed class Validator : AbstractValidator<ThumbnailParameters>
    {
        public Validator(IOptions<PlaybackOptions> options)
        {
            var max = options.Value.Images.MaxStillSide;
            RuleFor(x => x.Extension).Must(Formats.ContainsKey).OverridePropertyName("extension")
                .WithMessage("The picture must be thumbnail.jpg, thumbnail.png or thumbnail.webp.");
            RuleFor(x => x.Time).IsSeconds("time").OverridePropertyName("time");
            RuleFor(x => x.Width).IsSide("width", max).OverridePropertyName("width");
            RuleFor(x => x.Height).IsSide("height", max).OverridePropertyName("height");
            RuleFor(x => x.FitMode)
                .Must(f => f != "smartcrop").WithMessage("'fit_mode' smartcrop is not offered; crop cuts out the middle.")
                .Must(f => f is null or "smartcrop" || Fits.ContainsKey(f)).WithMessage("'fit_mode' must be preserve, stretch, crop or pad.")
                .Must((x, f) => f is null or "preserve" || (x.Width is not null && x.Height is not null))
                .WithMessage("'fit_mode' stretch, crop and pad need both 'width' and 'height'.")
                .OverridePropertyName("fit_mode");
        }
    }
}

public static class ServeThumbnailHandler
{
    public static Task<(Answer, OutgoingMessages)> Handle(
        ServeThumbnail query, IQuerySession session, ImageRenders renders, IMediaUrlSigner signer, PlaybackGate gate, IOptions<PlaybackOptions> options,
        CancellationToken ct) =>
        renders.AnswerAsync(query, video => Plan(query, video, options.Value.Images), session, signer, gate, ct);

    /// <summary>What to make and where to keep it, or why not: the checks only the video can answer (its end, its size).</summary>
    internal static (ImageWork? Work, Answer? Refusal) Plan(ServeThumbnail query, PlayableVideo video, ImageOptions options)
    {
        var time = ImageParameters.Millisecond(query.Time ?? video.DurationSeconds / 2);
        if (time >= video.DurationSeconds)
        {
            return (null, ImageParameters.Refused("time", string.Create(CultureInfo.InvariantCulture,
                $"'time' must be before the video's end ({video.DurationSeconds:0.###} s).")));
        }

        var biggest = video.Rungs[^1];
        var size = FittedPicture.Of(biggest.Width, biggest.Height, query.Width, query.Height, query.Fit);
        if (Math.Max(size.Width, size.Height) > options.MaxStillSide)
        {
            return (null, ImageParameters.Refused(query.Width is null ? "height" : "width", string.Create(CultureInfo.InvariantCulture,
                $"The picture would be {size.Width}x{size.Height}, more than {options.MaxStillSide} pixels on a side.")));
        }

        var (extension, contentType) = query.Format switch
        {
            StillFormat.Jpeg => ("jpg", "image/jpeg"),
            StillFormat.Png => ("png", "image/png"),
            _ => ("webp", "image/webp"),
        };
        var key = ImageParameters.Key(video.Id, string.Create(CultureInfo.InvariantCulture, $"thumbnail_{time * 1000:0}ms_{size.Name()}.{extension}"));
        return (new ImageWork(key, contentType, ImageParameters.RungFor(video.Rungs, size).PlaylistKey, time, time,
            (input, output, spanStart, bounds, token) => PictureRender.StillAsync(input, output, time - spanStart, size, query.Format, bounds, token)), null);
    }
}

internal sealed class ServeThumbnailEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/thumbnail.{extension}", (Guid id, [AsParameters] ThumbnailParameters parameters, PlaybackCredential credential, IMessageBus bus,
                CancellationToken ct) => bus.AnswerAsync(parameters.For(id, credential), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("A still of the video (jpg, png or webp) at ?time= (default: its middle), ?width= and/or ?height=, ?fit_mode=preserve|stretch|crop|pad; "
                + "a redirect (302) to the stored picture, made once from the smallest rendition that covers it. Signed like the playback URLs.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
