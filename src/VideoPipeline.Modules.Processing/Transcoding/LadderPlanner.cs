namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>Chooses the rungs for a source: every standard height that would not be an upscale.</summary>
internal static class LadderPlanner
{
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
        var rungs = Rungs.StandardHeights
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

    /// <summary>
    /// The rungs that also get an MP4 download: the 480p one (the seed's <c>480p.mp4</c>; the top rung when the source is
    /// smaller), plus those the upload asked for that the ladder has.
    /// </summary>
    public static IReadOnlyList<Rendition> StaticRenditions(IReadOnlyList<Rendition> ladder, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(requested);
        var byDefault = ladder.FirstOrDefault(r => r.Name == Rungs.DefaultStatic) ?? ladder[0];
        return ladder.Where(r => r == byDefault || requested.Contains(r.Name)).ToList();
    }

    private static Rendition Rung(int shortSide, int longSide, bool portrait) =>
        portrait
            ? new Rendition(Rungs.Name(shortSide), Height: longSide, Width: shortSide)
            : new Rendition(Rungs.Name(shortSide), Height: shortSide, Width: longSide);

    /// <summary>The nearest even size of at least 2 (what H.264 in 4:2:0 and JPEG tiles need).</summary>
    internal static int RoundToEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);

    private static int FloorToEven(int value) => Math.Max(2, value / 2 * 2);
}
