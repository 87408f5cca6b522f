namespace VideoPipeline.MediaEngine;

/// <summary>
/// What one ffmpeg or ffprobe run may take. Breaking a bound stops the run at once; the failure names the bound.
/// </summary>
/// <param name="WallTime">The longest the run may last.</param>
/// <param name="MaxMemoryBytes">The most private memory (heap and anonymous mappings) the process may allocate, held by the kernel (RLIMIT_DATA).</param>
/// <param name="MaxOutputBytes">The most the run may write: per file (enforced by the kernel) and in total.</param>
/// <param name="StallTimeout">A run whose output time stops advancing for this long is stopped as stalled (null: no stall watch).</param>
public sealed record MediaBounds(TimeSpan WallTime, long MaxMemoryBytes, long MaxOutputBytes, TimeSpan? StallTimeout = null);

/// <summary>The bound a run broke.</summary>
public enum MediaBound
{
    WallTime,
    Memory,
    Output,
}
