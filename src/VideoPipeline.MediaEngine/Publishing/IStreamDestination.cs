namespace VideoPipeline.MediaEngine;

/// <summary>
/// Where the engine publishes a stream, and who hears what it finished. Paths are relative to the stream's folder and
/// spelled by <see cref="CmafLayout"/> (<c>master.m3u8</c>, <c>720p/seg_00003.m4s</c>); the caller decides where that
/// folder is and what a finished step means to it.
/// </summary>
public interface IStreamDestination
{
    Task StoreFileAsync(string path, string localFile, string contentType, CancellationToken ct);

    Task StoreTextAsync(string path, string text, string contentType, CancellationToken ct);

    /// <summary>The text stored at <paramref name="path"/>, or null when nothing is; throws when what is stored cannot be read.</summary>
    Task<string?> ReadTextAsync(string path, CancellationToken ct);

    /// <summary>
    /// What an earlier run published at <paramref name="path"/>, to carry on from: the text, or null when there is none or
    /// it is not intact (a write a crash cut off), in which case the rendition is published again from its start.
    /// </summary>
    Task<string?> ReadToResumeAsync(string path, CancellationToken ct);

    /// <summary>The size of a file an earlier run stored; throws when it is missing.</summary>
    Task<long> SizeOfAsync(string path, CancellationToken ct);

    /// <summary>Removes every file stored under <paramref name="folder"/> (a finished rendition's parts).</summary>
    Task DeleteFolderAsync(string folder, CancellationToken ct);

    Task DownloadAsync(string path, string localFile, CancellationToken ct);

    /// <summary>
    /// The growing master playlist is stored and the rendition it lists first has its first part (a live input's: every
    /// rendition): the stream plays.
    /// </summary>
    Task StreamingStartedAsync(string masterPlaylist, CancellationToken ct);

    /// <summary>A rendition is finished: its playlist ended, its bit rates measured.</summary>
    Task RenditionFinishedAsync(FinishedRendition rendition, CancellationToken ct);
}

/// <summary>A finished rendition, as measured from its published segments.</summary>
/// <param name="Name">The rung ("720p") or <see cref="CmafLayout.AudioRendition"/>, which is also its folder.</param>
/// <param name="Playlist">Its media playlist's path under the destination.</param>
public sealed record FinishedRendition(
    string Name, string Playlist, int Width, int Height, long Bytes, long PeakBitsPerSecond, long AverageBitsPerSecond, string Codecs);
