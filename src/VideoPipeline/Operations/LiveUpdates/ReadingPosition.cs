namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// How far one node has read the event store's committed events, so that each is handed on exactly once however the
/// reads and the commits interleave. Sequences are drawn when events are inserted but become visible when their
/// transaction commits, so a read may see 11 committed while 10 is still in flight (or was rolled back and never comes):
/// 10 is a gap, asked for again by every later read until it shows up or can no longer show up.
/// </summary>
/// <remarks>
/// A gap can no longer show up once every transaction that could hold it has ended and it is still missing. Whoever drew
/// it had started before the read that first found it missing, so its transaction id is below that read's
/// <c>pg_snapshot_xmax</c>; once a later read begins with a <c>pg_snapshot_xmin</c> at or past that id, all of them have
/// ended. Marten may draw a sequence a moment before its transaction writes (and gets its id), so a gap must also have
/// been missing for <see cref="Patience"/> before it is given up: far longer than a transaction's first writes take.
/// </remarks>
public sealed class ReadingPosition(TimeSpan patience)
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(2);

    private readonly SortedSet<long> _handedOn = [];
    private readonly Dictionary<long, Gap> _gaps = [];

    public TimeSpan Patience { get; } = patience;

    /// <summary>Every sequence at or below this has been handed on or can no longer show up.</summary>
    public long Floor { get; private set; }

    /// <summary>The highest sequence handed on or given up (the next read asks for what is above it, and the gaps).</summary>
    public long Highest { get; private set; }

    /// <summary>Sequences below <see cref="Highest"/> not seen yet: asked for again by every read.</summary>
    public IReadOnlyCollection<long> Gaps => _gaps.Keys;

    /// <summary>Reading starts after <paramref name="sequence"/> (where the store stood when this node began listening, or 0 after the store was emptied).</summary>
    public void StartAfter(long sequence)
    {
        Floor = Highest = sequence;
        _handedOn.Clear();
        _gaps.Clear();
    }

    /// <summary>
    /// Takes the sequences one read found (ascending; the gaps that showed up and what is above <see cref="Highest"/>) and
    /// answers those to hand on, each once.
    /// </summary>
    /// <param name="found">What the read returned.</param>
    /// <param name="endedBefore">The <c>pg_snapshot_xmin</c> taken just before the read: every transaction below it had ended.</param>
    /// <param name="startedBefore">The <c>pg_snapshot_xmax</c> taken just after the read: every transaction that had begun writing by then is below it.</param>
    /// <param name="now">When the read was made.</param>
    public IReadOnlyList<long> Take(IReadOnlyList<long> found, long endedBefore, long startedBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(found);
        var fresh = new List<long>(found.Count);
        foreach (var sequence in found)
        {
            if (sequence > Floor && _handedOn.Add(sequence))
            {
                _gaps.Remove(sequence);
                fresh.Add(sequence);
            }
        }

        var top = found.Count > 0 ? Math.Max(Highest, found[^1]) : Highest;
        for (var sequence = Highest + 1; sequence < top; sequence++)
        {
            if (!_handedOn.Contains(sequence))
            {
                _gaps.TryAdd(sequence, new Gap(startedBefore, now));
            }
        }

        Highest = top;
        foreach (var sequence in _gaps.Where(g => g.Value.WritersBelow <= endedBefore && now - g.Value.MissingSince >= Patience).Select(g => g.Key).ToList())
        {
            _gaps.Remove(sequence);
        }

        Floor = _gaps.Count == 0 ? Highest : _gaps.Keys.Min() - 1;
        _handedOn.RemoveWhere(s => s <= Floor);
        return fresh;
    }

    private sealed record Gap(long WritersBelow, DateTimeOffset MissingSince);
}
