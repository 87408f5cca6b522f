using System.Globalization;

namespace VideoPipeline.MediaEngine;

/// <summary>A stretch of a rendition as CMAF files on this disk: its header and its segments, in order.</summary>
public sealed record CmafStretch(string Header, IReadOnlyList<string> Segments);

/// <summary>
/// One piece of a joined MP4: a stretch of a video rung and the same stretch of the audio (none for a silent video),
/// <paramref name="DurationSeconds"/> long (the video's). The audio's first moment is <paramref name="AudioOffsetSeconds"/>
/// after the video's on their media timeline (stored segments: an AAC frame or less, either way); it is placed there.
/// </summary>
public sealed record Mp4Piece(CmafStretch Video, CmafStretch? Audio, double DurationSeconds, double AudioOffsetSeconds = 0);

/// <summary>
/// An MP4 download (index first, H.264 + AAC) joined from pieces whose headers differ (a clip's re-encoded edges around
/// stored segments), by stream copy: no encode. A piece's audio must be its video's stretch (within a frame): audio
/// running on past the next piece's start reads as a timestamp going back, and ffmpeg moves every later packet by the
/// jump as a discontinuity of the MPEG-TS, which leaves a frozen picture that long in the MP4.
/// </summary>
public static class JoinedMp4
{
    /// <summary>
    /// Where the first piece starts in the intermediate MPEG-TS: far enough from 0 that no piece's first decoding time
    /// (a B-frame stream decodes before it presents) is negative, which the muxer would shift for that piece alone.
    /// </summary>
    private const double Margin = 10;

    /// <summary>
    /// Writes the pieces, one after another, as one MP4 to <paramref name="outputPath"/>. Each is copied into MPEG-TS at its
    /// place on the joined timeline (its parameter sets in band, so a change of header between pieces plays), the
    /// MPEG-TS pieces are appended to one another, and that is copied into the MP4: three stream copies, no decode.
    /// </summary>
    public static async Task MakeAsync(IReadOnlyList<Mp4Piece> pieces, string outputPath, string workFolder, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentOutOfRangeException.ThrowIfZero(pieces.Count);
        Directory.CreateDirectory(workFolder);
        var joined = Path.Combine(workFolder, "joined.ts");
        var at = Margin;
        await using (var output = File.Create(joined))
        {
            for (var i = 0; i < pieces.Count; i++)
            {
                var piece = await PieceAsync(pieces[i], at, Path.Combine(workFolder, $"piece{i}"), bounds, ct).ConfigureAwait(false);
                await using (var input = File.OpenRead(piece))
                {
                    await input.CopyToAsync(output, ct).ConfigureAwait(false);
                }

                at += pieces[i].DurationSeconds;
            }
        }

        var hasAudio = pieces.Any(p => p.Audio is not null);
        var command = GuardedFfmpeg.Read(new MediaInput(joined, Container.Of("mpegts")!)).OutputToFile(outputPath, overwrite: true, output => output.WithCustomArgument(
            $"-map 0:v:0 {(hasAudio ? "-map 0:a:0 " : "")}-c copy -map_metadata -1 -movflags +faststart -f mp4"));
        await GuardedFfmpeg.RunAsync(command, bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One piece as MPEG-TS, its video starting at <paramref name="atSeconds"/> and its audio
    /// <see cref="Mp4Piece.AudioOffsetSeconds"/> after (ffmpeg starts each input at 0, whatever its own first moment).
    /// </summary>
    private static async Task<string> PieceAsync(Mp4Piece piece, double atSeconds, string folder, MediaBounds bounds, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var video = Path.Combine(folder, "video.mp4");
        await CmafFiles.FlattenAsync(piece.Video.Header, piece.Video.Segments, video, ct).ConfigureAwait(false);
        var command = GuardedFfmpeg.Read(new MediaInput(video, Container.Mp4));
        var maps = "-map 0:v:0";
        if (piece.Audio is { } audio)
        {
            var audioTrack = Path.Combine(folder, "audio.mp4");
            await CmafFiles.FlattenAsync(audio.Header, audio.Segments, audioTrack, ct).ConfigureAwait(false);
            var offset = string.Create(CultureInfo.InvariantCulture, $"-itsoffset {piece.AudioOffsetSeconds:0.######}");
            command = command.AlsoRead(new MediaInput(audioTrack, Container.Mp4), o => o.WithCustomArgument(offset));
            maps += " -map 1:a:0";
        }

        var output = Path.Combine(folder, "piece.ts");
        await GuardedFfmpeg.RunAsync(
            command.OutputToFile(output, overwrite: true, o => o.WithCustomArgument(
                string.Create(CultureInfo.InvariantCulture, $"{maps} -c copy -output_ts_offset {atSeconds:0.######} -f mpegts"))),
            bounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
        return output;
    }
}
