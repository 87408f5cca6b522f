namespace VideoPipeline.MediaEngine;

/// <summary>
/// What ffmpeg may read, and how: that input only, through the protocols named here and nothing else, only as its
/// identified container. Every input of every guarded run is one of these; see <see cref="GuardedFfmpeg"/>.
/// Today every source is a local file (<see cref="Protocols"/> <c>file</c>). A live input (an RTMP or SRT URL ffmpeg
/// reads as it arrives) is the same record with its own protocols: the ladder, the publisher and the destination take it
/// unchanged, because nothing after the guard reads the input but ffmpeg.
/// </summary>
public sealed record MediaInput(string Path, Container Container)
{
    /// <summary>The protocols ffmpeg may open for this input: the local file only.</summary>
    public string Protocols { get; private init; } = "file";

    /// <summary>The input options that confine the demuxer; they precede the input's <c>-i</c>.</summary>
    internal string GuardArguments =>
        $"-protocol_whitelist {Protocols} -format_whitelist {Container.Demuxer} -f {Container.Demuxer} {Container.SafetyOptions}".TrimEnd();
}
