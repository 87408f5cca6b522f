namespace VideoPipeline.BuildingBlocks.Media;

/// <summary>
/// ffmpeg made no progress for the stall timeout and was killed. Transient: a stuck read (slow disk, network
/// file system) or a starved machine is the usual cause, and a retry on a fresh attempt usually gets through.
/// </summary>
public sealed class TranscodeStalledException : Exception
{
    public TranscodeStalledException()
        : this("ffmpeg made no progress and was stopped.")
    {
    }

    public TranscodeStalledException(string message)
        : base(message)
    {
    }

    public TranscodeStalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TranscodeStalledException(TimeSpan stallTimeout, IReadOnlyList<string> lastStderrLines)
        : base(Describe(stallTimeout, lastStderrLines))
    {
        StallTimeout = stallTimeout;
        LastStderrLines = lastStderrLines;
    }

    public TimeSpan StallTimeout { get; }

    public IReadOnlyList<string> LastStderrLines { get; } = [];

    private static string Describe(TimeSpan stallTimeout, IReadOnlyList<string> lines) =>
        lines.Count == 0
            ? $"no progress for {stallTimeout.TotalSeconds:0.#} s"
            : $"no progress for {stallTimeout.TotalSeconds:0.#} s; last output: {string.Join(" | ", lines)}";
}
