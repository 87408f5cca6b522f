namespace VideoPipeline.MediaEngine;

/// <summary>The rungs a ladder is made of, by their short side, biggest first; a rung is named for it ("720p").</summary>
public static class StandardLadder
{
    /// <summary>Short sides, biggest first. A portrait "720p" is 720 wide.</summary>
    public static IReadOnlyList<int> ShortSides { get; } = [1080, 720, 480, 360];

    public static string RungName(int shortSide) => $"{shortSide}p";
}

/// <summary>Chooses the rungs for a source: every standard height that would not be an upscale.</summary>
public static class LadderPlanner
{
    /// <summary>
    /// Every standard rung whose short side is at most the source's rotation-corrected short side (and its
    /// <see cref="SourceMedia.LadderTop"/>, when capped), the long side following the display aspect; both sides even. A
    /// source smaller than the smallest rung gets one rung at its own size (rounded down to even) so there is always
    /// something to play.
    /// </summary>
    public static IReadOnlyList<Rendition> Plan(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.DisplayWidth <= 0 || source.DisplayHeight <= 0)
        {
            throw new ArgumentException("The source has no display size.", nameof(source));
        }

        var aspect = (double)source.LongSide / source.ShortSide;
        var rungs = StandardLadder.ShortSides
            .Where(shortSide => shortSide <= source.ShortSide && shortSide <= (source.LadderTop ?? int.MaxValue))
            .Select(shortSide => Rung(shortSide, RoundToEven(shortSide * aspect), source.IsPortrait))
            .ToList();

        if (rungs.Count == 0)
        {
            var shortSide = FloorToEven(source.ShortSide);
            rungs.Add(Rung(shortSide, FloorToEven(source.LongSide), source.IsPortrait));
        }

        return rungs;
    }

    /// <summary>
    /// The rung players start on: the smallest, which every master playlist lists first (by peak rate) and which hls.js
    /// and Safari open first.
    /// </summary>
    public static Rendition Opening(SourceMedia source) => Plan(source)[^1];

    /// <summary>Every output of the ladder's process: a CMAF rendition per rung, and the audio-only one when the source has sound.</summary>
    public static IReadOnlyList<StreamOutput> Outputs(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var outputs = Plan(source).Select(StreamOutput.Video).ToList();
        if (source.HasAudio)
        {
            outputs.Add(StreamOutput.Audio);
        }

        return outputs;
    }

    private static Rendition Rung(int shortSide, int longSide, bool portrait) =>
        portrait
            ? new Rendition(StandardLadder.RungName(shortSide), Height: longSide, Width: shortSide)
            : new Rendition(StandardLadder.RungName(shortSide), Height: shortSide, Width: longSide);

    /// <summary>The nearest even size of at least 2 (what H.264 in 4:2:0 and JPEG tiles need).</summary>
    internal static int RoundToEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);

    private static int FloorToEven(int value) => Math.Max(2, value / 2 * 2);
}
