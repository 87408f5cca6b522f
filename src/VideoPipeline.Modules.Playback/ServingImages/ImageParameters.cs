using System.Globalization;
using FluentValidation;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Playback.ServingImages;

/// <summary>
/// What the two image routes share: reading their query values (numbers as the URL spells them, refused by name when
/// they are not), choosing the rung a picture is made from, where a picture is cached, and the refusal of a value only
/// the video can judge (a time past its end).
/// </summary>
internal static class ImageParameters
{
    public static double? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) ? seconds : null;

    public static int? Whole(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) ? whole : null;

    /// <summary>Seconds rounded to the millisecond: the time a picture is made at and cached under.</summary>
    public static double Millisecond(double seconds) => Math.Round(seconds * 1000, MidpointRounding.AwayFromZero) / 1000;

    public static IRuleBuilderOptions<T, string?> IsSeconds<T>(this IRuleBuilder<T, string?> rule, string name) =>
        rule.Must(v => v is null || Seconds(v) is not null).WithMessage($"'{name}' must be a number of seconds, 0 or more (e.g. 2.5).");

    public static IRuleBuilderOptions<T, string?> IsSide<T>(this IRuleBuilder<T, string?> rule, string name, int max) =>
        rule.Must(v => v is null || Whole(v) is >= 1 and var side && side <= max).WithMessage($"'{name}' must be a whole number of pixels from 1 to {max}.");

    /// <summary>The smallest rung at least as big as the picture before any crop or pad, or the biggest when none is.</summary>
    public static PlayableRung RungFor(IReadOnlyList<PlayableRung> smallestFirst, FittedPicture size) =>
        smallestFirst.FirstOrDefault(r => r.Width >= size.ScaledWidth - 1 && r.Height >= size.ScaledHeight - 1) ?? smallestFirst[^1];

    /// <summary>The picture's key under the video's folder: named by every normalized parameter, so equal requests share it.</summary>
    public static string Key(Guid videoId, string name) => $"{VideoKeys.Folder(videoId)}/images/{name}";

    public static Answer Refused(string parameter, string message) =>
        new(AnswerKind.Invalid, Title: "The request is invalid.", Detail: message,
            Extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [parameter] = [message] } });

    /// <summary>The answer for a video whose ladder is not finished: no picture is made of part of it.</summary>
    public static Answer NotReady { get; } = Answer.Conflict("The video is not processed yet.",
        "Pictures are made from its finished renditions; poll GET /videos/{id} until it is ready.");

    /// <summary>No render slot came free in time, or the run broke its bounds (a machine too busy to make it now).</summary>
    public static Answer Busy { get; } = Answer.Unavailable("The picture cannot be made right now.",
        "This node's picture-making slots are taken, or making it took too long; try again shortly.", TimeSpan.FromSeconds(2));

    public static string Name(this FittedPicture size) => string.Create(CultureInfo.InvariantCulture,
        $"{size.Width}x{size.Height}_{size.Fit.ToString().ToLowerInvariant()}");
}
