namespace VideoPipeline.MediaEngine;

/// <summary>
/// How far a run's output has got, as its caller sees it in the files ffmpeg writes: progress for the run's stall watch
/// and its progress reports when ffmpeg's own reports are held back. ffmpeg prints no progress report until every output
/// file has started, and the storyboard's tile starts only when its last picture is taken (at the end): without this, a
/// ladder run longer than the stall bound would be killed as stalled while it encodes.
/// </summary>
internal sealed class OutputActivity
{
    private Action<TimeSpan>? _reached;

    /// <summary>The output has reached <paramref name="mediaTime"/>.</summary>
    public void Reached(TimeSpan mediaTime) => Volatile.Read(ref _reached)?.Invoke(mediaTime);

    public void OnReached(Action<TimeSpan> reached) => Volatile.Write(ref _reached, reached);
}
