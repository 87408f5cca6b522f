using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>How a picture asked for at both a width and a height takes a video of another shape (Mux's <c>fit_mode</c>).</summary>
public enum PictureFit
{
    /// <summary>The video's shape kept, within the box: one side may come out shorter than asked.</summary>
    Preserve,

    /// <summary>Exactly the box, the picture distorted to fill it.</summary>
    Stretch,

    /// <summary>Exactly the box, filled: the video scaled to cover it and its middle cut out.</summary>
    Crop,

    /// <summary>Exactly the box: the video's shape kept within it, the rest black.</summary>
    Pad,
}

/// <summary>
/// The size a picture comes out at, and the size the video is scaled to before a crop or pad makes it that: from the
/// video's own size and what was asked (a width, a height, both, or neither: the video's size).
/// </summary>
public sealed record FittedPicture(int Width, int Height, int ScaledWidth, int ScaledHeight, PictureFit Fit)
{
    /// <param name="sourceWidth">The video's displayed width (of its biggest rendition).</param>
    /// <param name="sourceHeight">The video's displayed height.</param>
    /// <param name="width">The width asked for, or null.</param>
    /// <param name="height">The height asked for, or null.</param>
    public static FittedPicture Of(int sourceWidth, int sourceHeight, int? width, int? height, PictureFit fit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        double ratio = (double)sourceWidth / sourceHeight;
        switch (width, height)
        {
            case (null, null):
                return new(sourceWidth, sourceHeight, sourceWidth, sourceHeight, PictureFit.Preserve);
            case ({ } w, null):
                var byWidth = Side(w / ratio);
                return new(w, byWidth, w, byWidth, PictureFit.Preserve);
            case (null, { } h):
                var byHeight = Side(h * ratio);
                return new(byHeight, h, byHeight, h, PictureFit.Preserve);
        }

        var (boxWidth, boxHeight) = (width.Value, height.Value);
        var inside = Math.Min((double)boxWidth / sourceWidth, (double)boxHeight / sourceHeight);
        var (insideWidth, insideHeight) = (Math.Min(boxWidth, Side(sourceWidth * inside)), Math.Min(boxHeight, Side(sourceHeight * inside)));
        switch (fit)
        {
            case PictureFit.Preserve:
                return new(insideWidth, insideHeight, insideWidth, insideHeight, fit);
            case PictureFit.Stretch:
                return new(boxWidth, boxHeight, boxWidth, boxHeight, fit);
            case PictureFit.Pad:
                return new(boxWidth, boxHeight, insideWidth, insideHeight, fit);
            default:
                var cover = Math.Max((double)boxWidth / sourceWidth, (double)boxHeight / sourceHeight);
                return new(boxWidth, boxHeight, Math.Max(boxWidth, Side(sourceWidth * cover)), Math.Max(boxHeight, Side(sourceHeight * cover)), fit);
        }
    }

    /// <summary>The filters that make a decoded picture this: scale, then cut or pad to the box, square pixels.</summary>
    internal string Filters => (Fit switch
    {
        PictureFit.Crop => Invariant($"scale={ScaledWidth}:{ScaledHeight},crop={Width}:{Height}"),
        PictureFit.Pad => Invariant($"scale={ScaledWidth}:{ScaledHeight},pad={Width}:{Height}:(ow-iw)/2:(oh-ih)/2:black"),
        _ => Invariant($"scale={ScaledWidth}:{ScaledHeight}"),
    }) + ",setsar=1";

    private static int Side(double length) => Math.Max(1, (int)Math.Round(length, MidpointRounding.AwayFromZero));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
