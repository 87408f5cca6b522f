namespace VideoPipeline.Modules.Processing.TranscodingVideos;

/// <summary>
/// What a transcode decides from its job's committed state alone, before and between its steps; the I/O around them
/// is <see cref="RunTranscodeHandler"/>'s and <see cref="JobStream"/>'s. (Which step is needed is each step's
/// <c>IsNeeded</c>; what a failure means is <see cref="AttemptFailures"/>.)
/// </summary>
internal static class JobDecisions
{
    /// <summary>What a delivery of the job does.</summary>
    public enum Delivery
    {
        /// <summary>There is work left: record the start and run the steps.</summary>
        Run,

        /// <summary>Nothing is left (or nothing can be done: no upload, refused, failed for good).</summary>
        Skip,

        /// <summary>The video is deleted: an earlier delivery stopped by a shutdown may have written after the deletion's purge, so purge again.</summary>
        Purge,
    }

    public static Delivery OnDelivery(TranscodeJob? job) => job switch
    {
        { Deleted: true } => Delivery.Purge,
        { NeedsWork: true } => Delivery.Run,
        _ => Delivery.Skip,
    };

    /// <summary>Whether the job may record anything more: nothing once its video is deleted.</summary>
    public static bool MayRecord(TranscodeJob? job) => job is not { Deleted: true };

    /// <summary>The completion to record: none when another delivery already recorded it.</summary>
    public static IReadOnlyList<object> Completion(TranscodeJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Completed ? [] : [new ProcessingCompleted(job.Id)];
    }
}
