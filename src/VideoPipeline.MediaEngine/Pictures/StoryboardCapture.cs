using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// What a storyboard holds: one tile every <paramref name="IntervalSeconds"/> (at least <see cref="StoryboardCapture.MinInterval"/>,
/// whole seconds, longer for long videos so there are never more than <see cref="StoryboardCapture.MaxTiles"/>), of
/// <paramref name="TileWidth"/> × <paramref name="TileHeight"/>, laid <paramref name="Columns"/> to a row in one sprite.
/// </summary>
public sealed record StoryboardPlan(double IntervalSeconds, int Count, int Columns, int TileWidth, int TileHeight)
{
    public int Rows => (Count + Columns - 1) / Columns;
}

/// <summary>Seek previews: one JPEG sprite of small upright pictures taken at a regular interval, as Mux's storyboards are.</summary>
public static class StoryboardCapture
{
    internal const int MinInterval = 2;
    internal const int MaxTiles = 100;
    internal const int MaxColumns = 10;

    /// <summary>The longer side of a tile.</summary>
    internal const int TileSize = 160;

    /// <summary>The label of <see cref="Output"/>'s pad in the ladder's filter graph.</summary>
    internal const string Label = "storyboard";

    private const string OutputArguments = "-frames:v 1 -q:v 5 -f image2 -update 1";

    public static StoryboardPlan Plan(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var duration = Math.Max(source.DurationSeconds, 0.001);
        double interval = Math.Max(MinInterval, (int)Math.Ceiling(duration / MaxTiles));
        var count = Math.Clamp((int)Math.Ceiling(duration / interval), 1, MaxTiles);
        var (width, height) = source.IsPortrait
            ? (LadderPlanner.RoundToEven(TileSize * (double)source.DisplayWidth / source.DisplayHeight), TileSize)
            : (TileSize, LadderPlanner.RoundToEven(TileSize * (double)source.DisplayHeight / source.DisplayWidth));
        return new StoryboardPlan(interval, count, Math.Min(MaxColumns, count), width, height);
    }

    /// <summary>
    /// The storyboard as a branch of the ladder's decode: tile <c>i</c> is the first picture at or after <c>i</c> intervals
    /// (so a gap in the video does not shift the tiles after it), no more than the plan's count, scaled small before
    /// tiling, so it costs the rungs' decode nothing and itself little. The sprite is written when the grid is full or
    /// the video ends.
    /// </summary>
    internal static PictureOutput Output(StoryboardPlan plan, string path) =>
        new(new DecodedBranch(Filters(plan), Label), path, OutputArguments);

    /// <summary>The storyboard in a run of its own: only for a video whose ladder was made before (a retry of an older video).</summary>
    public static async Task CaptureAsync(MediaInput input, string outputJpgPath, SourceMedia source, StoryboardPlan plan, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        File.Delete(outputJpgPath);
        var filters = (source.IsInterlaced ? "yadif=deint=interlaced," : string.Empty) + Filters(plan);
        var command = GuardedFfmpeg.Read(input).OutputToFile(outputJpgPath, overwrite: true, output => output.WithCustomArgument(
            string.Create(CultureInfo.InvariantCulture, $"-map 0:{source.VideoStreamIndex} -vf {filters} {OutputArguments}")));
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
        if (new FileInfo(outputJpgPath) is not { Exists: true, Length: > 0 })
        {
            throw new TranscodeFailedException($"ffmpeg wrote no storyboard for {Path.GetFileName(input.Path)}.");
        }
    }

    private static string Filters(StoryboardPlan plan) => string.Create(CultureInfo.InvariantCulture,
        $"select='lt(selected_n,{plan.Count})*gte(t,selected_n*{plan.IntervalSeconds})',scale={plan.TileWidth}:{plan.TileHeight},setsar=1,tile={plan.Columns}x{plan.Rows}");
}
