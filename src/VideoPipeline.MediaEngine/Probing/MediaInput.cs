namespace VideoPipeline.MediaEngine;

/// <summary>
/// What ffmpeg may read, and how: that input only, through the protocols named here and nothing else, only as its
/// identified container. Every input of every guarded run is one of these; see <see cref="GuardedFfmpeg"/>.
/// An upload is a local file (<see cref="Protocols"/> <c>file</c>) or the store's URL of it (<see cref="MediaLocation"/>).
/// A live input (an RTMP or SRT URL ffmpeg reads as it arrives) is the same record with its own protocols: the ladder,
/// the publisher and the destination take it unchanged, because nothing after the guard reads the input but ffmpeg.
/// </summary>
public sealed record MediaInput(string Path, Container Container)
{
    /// <summary>The protocols ffmpeg may open for this input: the local file only, unless it is a URL.</summary>
    public string Protocols { get; private init; } = "file";

    /// <summary>The input is a URL ffmpeg reads (a store's object, a live input as it arrives), not a file on this disk.</summary>
    public bool IsUrl { get; private init; }

    /// <summary>
    /// How the input is read: a live input is analysed for a second only, so its first segments come out soon after it
    /// arrives; an upload in a store, pinned to the version that was verified (<see cref="MediaLocation.ReadOptions"/>).
    /// </summary>
    private string ReadOptions { get; init; } = "";

    /// <summary>The upload at <paramref name="location"/>, read as <paramref name="container"/>.</summary>
    public static MediaInput At(MediaLocation location, Container container)
    {
        ArgumentNullException.ThrowIfNull(location);
        return new MediaInput(location.Path, container) { Protocols = location.Protocols, IsUrl = location.IsUrl, ReadOptions = location.ReadOptions };
    }

    /// <summary>A live input: <paramref name="url"/> read through <paramref name="protocols"/> only (e.g. <c>rtmp,tcp</c>), as <paramref name="container"/>.</summary>
    public static MediaInput Live(Uri url, Container container, string protocols)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(protocols);
        return new MediaInput(url.AbsoluteUri, container) { Protocols = protocols, IsUrl = true, ReadOptions = "-analyzeduration 1000000" };
    }

    /// <summary>Pictures ffmpeg makes from <paramref name="graph"/>, a lavfi source the engine wrote (e.g. a blank frame of a size).</summary>
    internal static MediaInput Generated(string graph) => new(graph, Container.Generated);

    /// <summary>A file on this disk, which the command builder checks exists (a URL or a generated picture is no file).</summary>
    internal bool IsLocalFile => !IsUrl && Container != Container.Generated;

    /// <summary>The input options that confine the demuxer; they precede the input's <c>-i</c>.</summary>
    internal string GuardArguments =>
        $"-protocol_whitelist {Protocols} -format_whitelist {Container.Demuxer} -f {Container.Demuxer} {Container.SafetyOptions} {ReadOptions}".TrimEnd();
}
