using VideoPipeline.BuildingBlocks.Media;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>A rendition's CMAF files: its header and its media segments (or ffmpeg's pieces) in order.</summary>
internal sealed record CmafTrack(string Header, IReadOnlyList<string> Segments);

/// <summary>
/// An MP4 download (index first, H.264 + AAC) made from a rung's CMAF and the audio rendition's, by stream copy: no
/// second encode, a second copy of the bytes only for the renditions that are wanted as files.
/// </summary>
internal static class StaticMp4
{
    public static async Task WriteAsync(CmafTrack video, CmafTrack? audio, string outputPath, string workFolder, MediaBounds bounds, CancellationToken ct)
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
