namespace VideoPipeline.MediaEngine;

/// <summary>One of ffmpeg's pieces (a CMAF fragment): a part of the segment it falls in.</summary>
internal sealed record CmafPiece(string Path, double DurationSeconds);

/// <summary>A segment to publish: one or more of ffmpeg's pieces, in order.</summary>
/// <param name="Ordinal">Its place in the rendition's playlist (0, 1, 2, ...).</param>
internal sealed record CmafSegment(int Ordinal, double DurationSeconds, IReadOnlyList<CmafPiece> Pieces)
{
    public string Name => CmafLayout.Segment(Ordinal);
}

/// <summary>What ffmpeg has finished of a rendition: its complete segments, and the pieces of the segment it is writing.</summary>
internal sealed record CmafProgress(IReadOnlyList<CmafSegment> Complete, IReadOnlyList<CmafPiece> Open);

/// <summary>Turns the pieces ffmpeg has finished (as its local playlist lists them) into the schedule's segments.</summary>
internal static class CmafSegmenting
{
    /// <summary>
    /// The segments whose every piece is written, and the pieces written of the next: pieces that start within the same
    /// segment of the <paramref name="schedule"/> form one segment, which is complete once its pieces reach the next
    /// segment's start or ffmpeg ended the playlist. ffmpeg lists a piece only when it has finished it, so a segment goes
    /// out as soon as its last piece is listed, not a piece later. Each piece is a part (ffmpeg cuts every
    /// <see cref="SegmentSchedule.PartSeconds"/>, keyframes or not); keyframes sit on the segment boundaries only.
    /// </summary>
    public static CmafProgress Progress(MediaPlaylist local, string folder, SegmentSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(schedule);
        var segments = new List<CmafSegment>();
        var pieces = new List<CmafPiece>();
        double start = 0, duration = 0;
        var index = -1;
        foreach (var piece in local.Segments)
        {
            var pieceIndex = schedule.IndexAt(start);
            if (pieceIndex != index && pieces.Count > 0)
            {
                segments.Add(new CmafSegment(segments.Count, duration, pieces));
                pieces = [];
                duration = 0;
            }

            index = pieceIndex;
            pieces.Add(new CmafPiece(Path.Combine(folder, piece.Uri), piece.DurationSeconds));
            duration += piece.DurationSeconds;
            start += piece.DurationSeconds;
        }

        if (pieces.Count > 0 && (local.Ended || schedule.IndexAt(start) != index))
        {
            segments.Add(new CmafSegment(segments.Count, duration, pieces));
            pieces = [];
        }

        return new CmafProgress(segments, pieces);
    }
}
