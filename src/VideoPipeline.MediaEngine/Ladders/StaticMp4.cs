
namespace VideoPipeline.MediaEngine;

/// <summary>A rendition's CMAF files: its header and its media segments (or ffmpeg's pieces) in order.</summary>
internal sealed record CmafTrack(string Header, IReadOnlyList<string> Segments);

/// <summary>
/// An MP4 download (index first, H.264 + AAC) made from a rung's CMAF and the audio rendition's, by stream copy: no
/// second encode, a second copy of the bytes only for the renditions that are wanted as files.
/// </summary>
public static class StaticMp4
{
    /// <summary>
    /// Writes the MP4 of <paramref name="rung"/> (with the audio rendition when the source has sound) to
    /// <paramref name="outputPath"/>: from the CMAF a run wrote under <paramref name="workFolder"/> when it finished the
    /// rendition there, otherwise from what <paramref name="destination"/> holds, downloaded into that folder.
    /// </summary>
    public static async Task MakeAsync(
        SourceMedia source, Rendition rung, string workFolder, IStreamDestination destination, string outputPath, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rung);
        var audio = source.HasAudio ? await TrackAsync(StreamOutput.Audio, workFolder, destination, ct).ConfigureAwait(false) : null;
        var video = await TrackAsync(StreamOutput.Video(rung), workFolder, destination, ct).ConfigureAwait(false);
        await WriteAsync(video, audio, outputPath, Path.Combine(workFolder, "static-" + rung.Name), bounds, ct).ConfigureAwait(false);
    }

    /// <summary>A rendition's CMAF on this disk: ffmpeg's own files when a run here finished it, else the stored ones, downloaded.</summary>
    private static async Task<CmafTrack> TrackAsync(StreamOutput output, string workFolder, IStreamDestination destination, CancellationToken ct)
    {
        var folder = output.FolderUnder(workFolder);
        var local = output.LocalPlaylistUnder(workFolder);
        if (File.Exists(local) && MediaPlaylist.Parse(await File.ReadAllTextAsync(local, ct).ConfigureAwait(false)) is { Ended: true } encoded)
        {
            return new CmafTrack(Path.Combine(folder, CmafLayout.InitSegment), encoded.Segments.Select(s => Path.Combine(folder, s.Uri)).ToList());
        }

        var stored = await StoredPlaylist.ReadAsync(destination, output.Name, ct).ConfigureAwait(false);
        Directory.CreateDirectory(folder);
        var files = new List<string>(stored.Segments.Count + 1);
        foreach (var file in stored.Segments.Select(s => s.Uri).Prepend(CmafLayout.InitSegment))
        {
            var path = Path.Combine(folder, file);
            await destination.DownloadAsync(CmafLayout.RenditionFile(output.Name, file), path, ct).ConfigureAwait(false);
            files.Add(path);
        }

        return new CmafTrack(files[0], files[1..]);
    }

    internal static async Task WriteAsync(CmafTrack video, CmafTrack? audio, string outputPath, string workFolder, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(video);
        Directory.CreateDirectory(workFolder);
        var videoTrack = Path.Combine(workFolder, "video.mp4");
        await CmafFiles.FlattenAsync(video.Header, video.Segments, videoTrack, ct).ConfigureAwait(false);
        var command = GuardedFfmpeg.Read(new MediaInput(videoTrack, Container.Mp4));
        var maps = "-map 0:v:0";
        if (audio is not null)
        {
            var audioTrack = Path.Combine(workFolder, "audio.mp4");
            await CmafFiles.FlattenAsync(audio.Header, audio.Segments, audioTrack, ct).ConfigureAwait(false);
            command = command.AlsoRead(new MediaInput(audioTrack, Container.Mp4));
            maps += " -map 1:a:0";
        }

        await GuardedFfmpeg.RunAsync(
            command.OutputToFile(outputPath, overwrite: true, output => output.WithCustomArgument(
                $"{maps} -c copy -map_metadata -1 -map_chapters -1 -movflags +faststart -f mp4")),
            bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
    }
}
