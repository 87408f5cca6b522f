namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>Chooses the rungs for a source: every standard height that would not be an upscale.</summary>
internal static class LadderPlanner
{
    /// <summary>Standard rungs, biggest first. The number is the short side, so a portrait "720p" is 720 wide.</summary>
    public static IReadOnlyList<int> StandardHeights { get; } = [1080, 720, 480, 360];

    /// <summary>
    /// Every standard rung whose short side is at most the source's rotation-corrected short side, the long side
    /// following the display aspect; both sides even. A source smaller than the smallest rung gets one rung at its
    /// own size (rounded down to even) so there is always something to play.
    /// </summary>
    public static IReadOnlyList<Rendition> Plan(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.DisplayWidth <= 0 || source.DisplayHeight <= 0)
        {
            throw new ArgumentException("The source has no display size.", nameof(source));
        }

        var aspect = (double)source.LongSide / source.ShortSide;
        var rungs = StandardHeights
            .Where(shortSide => shortSide <= source.ShortSide)
            .Select(shortSide => Rung(shortSide, RoundToEven(shortSide * aspect), source.IsPortrait))
            .ToList();

        if (rungs.Count == 0)
        {
            var shortSide = FloorToEven(source.ShortSide);
            rungs.Add(Rung(shortSide, FloorToEven(source.LongSide), source.IsPortrait));
        }

        return rungs;
    }

    private static Rendition Rung(int shortSide, int longSide, bool portrait) =>
        portrait
            ? new Rendition($"{shortSide}p", Height: longSide, Width: shortSide)
            : new Rendition($"{shortSide}p", Height: shortSide, Width: longSide);

    private static int RoundToEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);

    private static int FloorToEven(int value) => Math.Max(2, value / 2 * 2);
}
