namespace VideoPipeline.MediaEngine;

/// <summary>What a blocking playlist reload (<c>_HLS_msn</c>, <c>_HLS_part</c>) gets from the playlist as it stands.</summary>
public enum ReloadVerdict
{
    /// <summary>The playlist holds what was asked for (or has ended): answer it now.</summary>
    Ready,

    /// <summary>Not there yet: hold the request until the playlist grows, for at most <see cref="PlaylistPosition.BlockingBound"/>.</summary>
    Wait,

    /// <summary>Asked too far ahead of the playlist (RFC 8216bis §6.2.5.2): refuse at once with 400.</summary>
    TooFarAhead,
}

/// <summary>
/// Where a stored LL-HLS media playlist stands (<see cref="LowLatencyPlaylist.Parse"/>): its first sequence number, the
/// parts each complete segment still lists, the parts of the segment being produced, its targets, whether it ended.
/// </summary>
public sealed record PlaylistPosition(
    long MediaSequence, IReadOnlyList<int> PartsOfSegments, int OpenParts, int TargetDurationSeconds, double PartTargetSeconds, bool Ended)
{
    /// <summary>The sequence number of the segment being produced.</summary>
    public long OpenSequence => MediaSequence + PartsOfSegments.Count;

    /// <summary>How long a blocking reload may be held before it is answered 503 (§6.2.5.2: three target durations).</summary>
    public TimeSpan BlockingBound => TimeSpan.FromSeconds(3 * Math.Max(1, TargetDurationSeconds));

    /// <summary>
    /// §6.2.5.2: a request for segment <paramref name="msn"/> (and part <paramref name="part"/> of it) is ready once the
    /// playlist holds it or anything later; a part index past the last part of its segment means part 0 of the next; an
    /// ended playlist ignores the directives; a segment more than two past the last one, or a part further ahead than
    /// the Advance Part Limit, is refused.
    /// </summary>
    public ReloadVerdict Judge(long msn, int? part)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(msn);
        if (Ended)
        {
            return ReloadVerdict.Ready;
        }

        var lastComplete = OpenSequence - 1;
        if (msn > lastComplete + 2)
        {
            return ReloadVerdict.TooFarAhead;
        }

        if (part is not { } index)
        {
            return msn <= lastComplete ? ReloadVerdict.Ready : ReloadVerdict.Wait;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(part));
        if (msn < MediaSequence)
        {
            return ReloadVerdict.Ready;
        }

        if (msn <= lastComplete)
        {
            var listed = PartsOfSegments[(int)(msn - MediaSequence)];
            return listed == 0 || index < listed ? ReloadVerdict.Ready : Judge(msn + 1, 0);
        }

        if (msn == OpenSequence && index < OpenParts)
        {
            return ReloadVerdict.Ready;
        }

        var ahead = msn == OpenSequence ? index - (OpenParts - 1) : PartsBefore(msn) + index + 1;
        return ahead > AdvancePartLimit ? ReloadVerdict.TooFarAhead : ReloadVerdict.Wait;
    }

    /// <summary>
    /// How many parts at least are still to come before the first of segment <paramref name="msn"/> (after the open one):
    /// the rest of the open segment and every segment between. A growing playlist's segments never get shorter (the
    /// schedule ramps up to its steady length), so each has at least as many parts as the last complete one lists.
    /// </summary>
    private long PartsBefore(long msn)
    {
        var perSegment = PartsOfSegments.Count > 0 ? PartsOfSegments[^1] : 0;
        return Math.Max(0, perSegment - OpenParts) + ((msn - OpenSequence - 1) * perSegment);
    }

    /// <summary>§6.2.5.2: three seconds of parts when parts are shorter than a second, else three parts.</summary>
    public double AdvancePartLimit => PartTargetSeconds is > 0 and < 1 ? 3 / PartTargetSeconds : 3;
}
