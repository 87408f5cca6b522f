namespace VideoPipeline.MediaEngine;

/// <summary>
/// ffmpeg made no progress for the stall timeout and was killed. Transient: a stuck read (slow disk, network
/// file system) or a starved machine is the usual cause, and a retry on a fresh attempt usually gets through.
/// </summary>
public sealed class TranscodeStalledException(TimeSpan stallTimeout, IReadOnlyList<string> lastStderrLines) : Exception(
    lastStderrLines.Count == 0
        ? $"no progress for {stallTimeout.TotalSeconds:0.#} s"
        : $"no progress for {stallTimeout.TotalSeconds:0.#} s; last output: {string.Join(" | ", lastStderrLines)}")
{
    public TimeSpan StallTimeout { get; } = stallTimeout;
}
