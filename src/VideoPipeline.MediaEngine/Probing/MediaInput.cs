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
    /// <summary>The protocols ffmpeg may open for this input: the local file only, unless it is a <see cref="Live"/> input.</summary>
    public string Protocols { get; private init; } = "file";

    /// <summary>The input is a URL ffmpeg reads as it arrives, not a file on this disk.</summary>
    public bool IsUrl { get; private init; }

    /// <summary>How a live input is read: analysed for a second only, so its first segments come out soon after it arrives.</summary>
    private string ReadOptions => IsUrl ? "-analyzeduration 1000000" : "";

    /// <summary>A live input: <paramref name="url"/> read through <paramref name="protocols"/> only (e.g. <c>rtmp,tcp</c>), as <paramref name="container"/>.</summary>
    public static MediaInput Live(Uri url, Container container, string protocols)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(protocols);
        return new MediaInput(url.AbsoluteUri, container) { Protocols = protocols, IsUrl = true };
    }

    /// <summary>The input options that confine the demuxer; they precede the input's <c>-i</c>.</summary>
    internal string GuardArguments =>
        $"-protocol_whitelist {Protocols} -format_whitelist {Container.Demuxer} -f {Container.Demuxer} {Container.SafetyOptions} {ReadOptions}".TrimEnd();
}
