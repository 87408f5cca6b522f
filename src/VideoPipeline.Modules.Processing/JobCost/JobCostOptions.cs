namespace VideoPipeline.Modules.Processing.JobCost;

/// <summary>
/// What one transcode may cost, and how long its runs may take for that cost (section
/// <c>VideoPipeline:Processing:JobCost</c>). The cost is in gigapixels: every pixel ffmpeg decodes and every pixel it
/// encodes, over every frame (<see cref="CostEstimate"/>).
/// </summary>
public sealed class JobCostOptions
{
    /// <summary>The most one job may cost, for owners not named in <see cref="LimitByOwner"/> (default: about 3 hours of 1080p at 30 fps).</summary>
    public double LimitGigapixels { get; set; } = 2000;

    /// <summary>Per-owner overrides of <see cref="LimitGigapixels"/>.</summary>
    public Dictionary<string, double> LimitByOwner { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Wall time a run may take per gigapixel of its job, on top of the minimum run time. A 20 s 8K still at 30 fps
    /// (22 gigapixels) took 47 s of a slot on two cores, about 2 s a gigapixel; this leaves twenty times that.
    /// </summary>
    public double RunSecondsPerGigapixel { get; set; } = 40;

    public double LimitOf(string ownerId) => LimitByOwner.TryGetValue(ownerId, out var limit) ? limit : LimitGigapixels;

    /// <summary>These options, with an admin's override of the owner's limit (<see cref="QuotaNames.TranscodeGigapixelsPerJob"/>) when it has one.</summary>
    public JobCostOptions WithOverride(string ownerId, long? limit) => limit is not { } set ? this : new()
    {
        LimitGigapixels = LimitGigapixels,
        LimitByOwner = new(LimitByOwner, StringComparer.Ordinal) { [ownerId] = set },
        RunSecondsPerGigapixel = RunSecondsPerGigapixel,
    };

    /// <summary>The costliest job any owner may run, and so the highest limit an admin may give an owner (the queue's time limit follows it).</summary>
    public double HighestLimit => LimitByOwner.Values.Append(LimitGigapixels).Max();

    public void Validate()
    {
        if (!(LimitGigapixels > 0) || LimitByOwner.Values.Any(limit => !(limit > 0)))
        {
            throw new ArgumentException("Every job cost limit must be a positive number of gigapixels.", nameof(LimitGigapixels));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(RunSecondsPerGigapixel, nameof(RunSecondsPerGigapixel));
    }
}
