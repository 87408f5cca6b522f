namespace VideoPipeline.MediaEngine;

/// <summary>A segment to publish: one or more of ffmpeg's pieces, in order.</summary>
/// <param name="Ordinal">Its place in the rendition's playlist (0, 1, 2, ...).</param>
internal sealed record CmafSegment(int Ordinal, double DurationSeconds, IReadOnlyList<string> Pieces)
{
    public string Name => CmafLayout.Segment(Ordinal);
}

/// <summary>Turns the pieces ffmpeg has finished (as its local playlist lists them) into the schedule's segments.</summary>
internal static class CmafSegmenting
{
    /// <summary>
    /// The segments whose every piece is written: pieces that start within the same segment of the
    /// <paramref name="schedule"/> form one segment, which is complete once its pieces reach the next segment's start or
    /// ffmpeg ended the playlist. ffmpeg lists a piece only when it has finished it, so a segment goes out as soon as its
    /// last piece is listed, not a piece later. A video rung's pieces already are segments (keyframes sit on the
    /// boundaries); audio pieces are joined.
    /// </summary>
    public static IReadOnlyList<CmafSegment> Complete(MediaPlaylist local, string folder, SegmentSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(schedule);
        var segments = new List<CmafSegment>();
        var pieces = new List<string>();
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
            pieces.Add(Path.Combine(folder, piece.Uri));
            duration += piece.DurationSeconds;
            start += piece.DurationSeconds;
        }

        if (pieces.Count > 0 && (local.Ended || schedule.IndexAt(start) != index))
        {
            segments.Add(new CmafSegment(segments.Count, duration, pieces));
        }

        return segments;
    }
}
