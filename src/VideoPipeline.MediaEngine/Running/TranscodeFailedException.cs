namespace VideoPipeline.MediaEngine;

/// <summary>
/// ffmpeg exited non-zero on an input that had already been probed and accepted.
/// </summary>
/// <remarks>
/// Treat it as transient. The probe already decodes the start and the end of the file and turns every unreadable,
/// truncated or stream-less input into a <see cref="MediaRefusedException"/>, and ffmpeg conceals decode errors in the
/// middle of a stream rather than exiting on them. What is left to fail a probed file is mostly the machine: a full
/// disk ("No space left on device"), ffmpeg killed by the OOM killer or a signal (exit code 137/139 or negative), an I/O
/// error on the temp folder. A deterministic cause that slips through (say, a codec feature ffmpeg cannot decode half
/// way through) costs only the bounded retries before the message is dead-lettered with <see cref="LastStderrLines"/>
/// as its reason, which is a cheaper mistake than failing a good video for good on a full disk.
/// </remarks>
public sealed class TranscodeFailedException(string message, int? exitCode = null, IReadOnlyList<string>? lastStderrLines = null) : Exception(message)
{
    public TranscodeFailedException(int exitCode, IReadOnlyList<string> lastStderrLines)
        : this(lastStderrLines.Count == 0
            ? $"ffmpeg exited with code {exitCode}"
            : $"ffmpeg exited with code {exitCode}: {string.Join(" | ", lastStderrLines)}", exitCode, lastStderrLines)
    {
    }

    /// <summary>ffmpeg's exit code, when it exited non-zero (null: it exited cleanly but left no usable output).</summary>
    public int? ExitCode { get; } = exitCode;

    /// <summary>ffmpeg's last diagnostic lines (progress lines excluded), oldest first.</summary>
    public IReadOnlyList<string> LastStderrLines { get; } = lastStderrLines ?? [];
}
