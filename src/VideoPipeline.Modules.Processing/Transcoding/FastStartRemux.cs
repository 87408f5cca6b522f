using VideoPipeline.BuildingBlocks.Media;

namespace VideoPipeline.Modules.Processing.Transcoding;

/// <summary>The fast path for sources that are already browser-playable: copy into an MP4 with the index up front.</summary>
internal static class FastStartRemux
{
    /// <summary>
    /// Copies the first video and first audio stream (no re-encode) into <paramref name="outputPath"/> as MP4 with
    /// <c>+faststart</c>; data, subtitle and extra streams are dropped and so is container metadata (phones record
    /// the location there). The display rotation travels with the video stream.
    /// </summary>
    public static async Task RemuxAsync(MediaInput input, string outputPath, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        var command = GuardedFfmpeg.Read(input)
            .OutputToFile(outputPath, overwrite: true, output => output.WithCustomArgument(
                "-map 0:v:0 -map 0:a:0? -c copy -dn -sn -map_metadata -1 -map_chapters -1 -movflags +faststart -f mp4"));
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
    }
}
