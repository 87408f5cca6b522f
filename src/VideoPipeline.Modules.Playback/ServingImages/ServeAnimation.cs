using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingImages;

/// <summary>
/// A looping preview of a video from <paramref name="Start"/> (0 when null) to <paramref name="End"/> (a few seconds on
/// when null), <paramref name="Width"/> or <paramref name="Height"/> wide or high, <paramref name="Fps"/> pictures a second,
/// for the holder of its playback grant.
/// </summary>
public sealed record ServeAnimation(Guid VideoId, AnimatedFormat Format, double? Start, double? End, int? Width, int? Height, int? Fps, PlaybackCredential Credential)
    : IGrantedRequest
{
    public string Audience => PlaybackAudience.Thumbnail;
}

/// <summary>The query values of <c>GET /videos/{id}/animated.{extension}</c>, as the URL spells them.</summary>
internal sealed record AnimationParameters(
    [FromRoute(Name = "extension")] string Extension,
    [FromQuery(Name = "start")] string? Start,
    [FromQuery(Name = "end")] string? End,
    [FromQuery(Name = "width")] string? Width,
    [FromQuery(Name = "height")] string? Height,
    [FromQuery(Name = "fps")] string? Fps)
{
    private static readonly Dictionary<string, AnimatedFormat> Formats = new(StringComparer.Ordinal) { ["webp"] = AnimatedFormat.Webp, ["gif"] = AnimatedFormat.Gif };

    public ServeAnimation For(Guid id, PlaybackCredential credential) => new(
        id, Formats[Extension], ImageParameters.Seconds(Start), ImageParameters.Seconds(End), ImageParameters.Whole(Width), ImageParameters.Whole(Height),
        ImageParameters.Whole(Fps), credential);

    internal sealed class Validator : AbstractValidator<AnimationParameters>
    {
        public Validator(IOptions<PlaybackOptions> options)
        {
            var images = options.Value.Images;
            RuleFor(x => x.Extension).Must(Formats.ContainsKey).OverridePropertyName("extension")
                .WithMessage("The preview must be animated.webp or animated.gif.");
            RuleFor(x => x.Start).IsSeconds("start").OverridePropertyName("start");
            RuleFor(x => x.End).IsSeconds("end").OverridePropertyName("end");
            RuleFor(x => x.End)
                .Must((x, end) => ImageParameters.Seconds(end) > (ImageParameters.Seconds(x.Start) ?? 0))
                .WithMessage("'end' must be after 'start'.")
                .Must((x, end) => ImageParameters.Seconds(end) - (ImageParameters.Seconds(x.Start) ?? 0) <= images.MaxAnimatedSeconds)
                .WithMessage(string.Create(CultureInfo.InvariantCulture, $"'end' must be at most {images.MaxAnimatedSeconds} s after 'start'."))
                .When(x => ImageParameters.Seconds(x.End) is not null && (x.Start is null || ImageParameters.Seconds(x.Start) is not null))
                .OverridePropertyName("end");
            RuleFor(x => x.Width).IsSide("width", images.MaxAnimatedSide).OverridePropertyName("width");
            RuleFor(x => x.Height).IsSide("height", images.MaxAnimatedSide).OverridePropertyName("height");
            RuleFor(x => x.Fps).Must(f => f is null || ImageParameters.Whole(f) is >= 1 and var fps && fps <= images.MaxFps)
                .WithMessage($"'fps' must be a whole number from 1 to {images.MaxFps}.").OverridePropertyName("fps");
        }
    }
}

public static class ServeAnimationHandler
{
    public static Task<(Answer, OutgoingMessages)> Handle(
        ServeAnimation query, IQuerySession session, ImageRenders renders, IMediaUrlSigner signer, PlaybackGate gate, IOptions<PlaybackOptions> options,
        CancellationToken ct) =>
        renders.AnswerAsync(query, video => Plan(query, video, options.Value.Images), session, signer, gate, ct);

    /// <summary>What to make and where to keep it, or why not: the checks only the video can answer (its end, the frames it would take).</summary>
    internal static (ImageWork? Work, Answer? Refusal) Plan(ServeAnimation query, PlayableVideo video, ImageOptions options)
    {
        var duration = video.DurationSeconds;
        var start = ImageParameters.Millisecond(query.Start ?? 0);
        if (start >= duration)
        {
            return (null, ImageParameters.Refused("start", Invariant($"'start' must be before the video's end ({duration:0.###} s).")));
        }

        var end = ImageParameters.Millisecond(query.End ?? Math.Min(duration, start + options.DefaultAnimatedSeconds));
        if (end > duration)
        {
            return (null, ImageParameters.Refused("end", Invariant($"'end' must be at most the video's end ({duration:0.###} s).")));
        }

        var fps = query.Fps ?? options.DefaultFps;
        var frames = (int)Math.Ceiling((end - start) * fps);
        if (frames > options.MaxFrames)
        {
            return (null, ImageParameters.Refused("fps", Invariant($"{end - start:0.###} s at {fps} fps is {frames} pictures, more than {options.MaxFrames}.")));
        }

        var biggest = video.Rungs[^1];
        var width = query.Width ?? (query.Height is null ? Math.Min(options.DefaultAnimatedWidth, biggest.Width) : null);
        var size = FittedPicture.Of(biggest.Width, biggest.Height, width, query.Height, PictureFit.Preserve);
        if (Math.Max(size.Width, size.Height) > options.MaxAnimatedSide)
        {
            return (null, ImageParameters.Refused(query.Height is null ? "width" : "height",
                Invariant($"The preview would be {size.Width}x{size.Height}, more than {options.MaxAnimatedSide} pixels on a side.")));
        }

        var (extension, contentType) = query.Format == AnimatedFormat.Gif ? ("gif", "image/gif") : ("webp", "image/webp");
        var key = ImageParameters.Key(video.Id, Invariant($"animated_{start * 1000:0}-{end * 1000:0}ms_{fps}fps_{size.Name()}.{extension}"));
        return (new ImageWork(key, contentType, ImageParameters.RungFor(video.Rungs, size).PlaylistKey, start, end,
            (input, output, spanStart, bounds, token) =>
                PictureRender.AnimatedAsync(input, output, start - spanStart, end - start, fps, size, query.Format, options.MaxFrames, bounds, token)), null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed class ServeAnimationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos/{id:guid}/animated.{extension}", (Guid id, [AsParameters] AnimationParameters parameters, PlaybackCredential credential, IMessageBus bus,
                CancellationToken ct) => bus.AnswerAsync(parameters.For(id, credential), ct))
            .AllowAnonymous()
            .RequirePlaybackCors()
            .WithTags("Playback")
            .WithSummary("A looping preview (webp or gif) from ?start= to ?end= (at most 10 s), ?width= or ?height= (default 320 wide), ?fps= (default 15); "
                + "a redirect (302) to the stored preview, made once from the smallest rendition that covers it. Signed like the playback URLs.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
