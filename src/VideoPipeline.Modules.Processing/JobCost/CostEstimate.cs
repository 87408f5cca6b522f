using System.Globalization;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Processing.JobCost;

/// <summary>
/// What a transcode will cost, from the probe alone: every frame is decoded at the source's size and encoded once per
/// rung, so the work is frames × (source pixels + the pixels of every rung). A small file can cost a great deal (an 8K
/// still at 30 fps), and a long one little (a small picture).
/// </summary>
public sealed record CostEstimate(double Gigapixels, double Frames, int Rungs)
{
    public static CostEstimate Of(SourceMedia source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var rungs = LadderPlanner.Plan(source);
        var frames = source.DurationSeconds * source.FrameRate;
        var pixelsPerFrame = ((double)source.DisplayWidth * source.DisplayHeight) + rungs.Sum(r => (double)r.Width * r.Height);
        return new CostEstimate(frames * pixelsPerFrame / 1e9, frames, rungs.Count);
    }

    /// <summary>
    /// Why the owner may not run this job, naming the limit, or null when it is within it. A refusal is final: the same
    /// file would cost the same again.
    /// </summary>
    public string? RefusalFor(string ownerId, SourceMedia source, JobCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.LimitOf(ownerId);
        return Gigapixels <= limit ? null : string.Create(CultureInfo.InvariantCulture,
            $"The video would cost {Gigapixels:0.#} gigapixels to transcode ({source.DisplayWidth}x{source.DisplayHeight} at {source.FrameRate:0.##} fps " +
            $"for {source.DurationSeconds:0.#} s, {Frames:0} frames, {Rungs} rungs), over the limit {QuotaNames.TranscodeGigapixelsPerJob} of {limit:0.#} gigapixels per video.");
    }

    /// <summary>How long a run over this job may take: the minimum, plus the time its cost allows.</summary>
    public TimeSpan WallTime(TimeSpan minimum, JobCostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return minimum + TimeSpan.FromSeconds(Gigapixels * options.RunSecondsPerGigapixel);
    }
}
