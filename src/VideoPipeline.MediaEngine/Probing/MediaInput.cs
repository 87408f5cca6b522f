namespace VideoPipeline.MediaEngine;

/// <summary>
/// A file ffmpeg may read, and how: that file only (no protocol but the local file), only as its identified container.
/// Every input of every guarded run is one of these; see <see cref="GuardedFfmpeg"/>.
/// </summary>
public sealed record MediaInput(string Path, Container Container)
{
    /// <summary>The input options that confine the demuxer; they precede the input's <c>-i</c>.</summary>
    internal string GuardArguments =>
        $"-protocol_whitelist file -format_whitelist {Container.Demuxer} -f {Container.Demuxer} {Container.SafetyOptions}".TrimEnd();
}
