using System.Globalization;
using System.Text;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.BuildingBlocks.Streaming;

/// <summary>A blocking playlist reload's delivery directives (RFC 8216bis §6.2.5.2): the segment, and maybe the part, asked for.</summary>
public sealed record ReloadDirective(long Msn, int? Part)
{
    /// <summary>
    /// Reads <c>_HLS_msn</c> and <c>_HLS_part</c> as a player sent them: none is no directive; each must be a
    /// decimal-integer; a part without a segment is refused (§6.2.5.2 MUST). The refusal names the parameter.
    /// </summary>
    public static (ReloadDirective? Directive, string? Refusal) Read(string? msn, string? part)
    {
        if (msn is null)
        {
            return part is null ? (null, null) : (null, "_HLS_part needs _HLS_msn: the part is counted within that segment.");
        }

        if (!long.TryParse(msn, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return (null, "_HLS_msn must be a media sequence number (a decimal integer).");
        }

        if (part is null)
        {
            return (new ReloadDirective(sequence, null), null);
        }

        return int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (new ReloadDirective(sequence, index), null)
            : (null, "_HLS_part must be a part index (a decimal integer).");
    }
}

/// <summary>
/// Reads a stored media playlist that may still grow, holding a blocking reload until the playlist holds what it asks
/// for: woken by <see cref="PlaylistChanges"/> when any node announces the playlist grew (no polling), answered 503
/// once the playlist's bound (three target durations) has passed without it, 400 when it asks too far ahead. The same
/// for any growing playlist: a video still encoding or a live stream.
/// </summary>
public static class BlockingReload
{
    /// <summary>Longer than any bound a playlist can have (<see cref="MediaOptions.SegmentSeconds"/> is at most 30 s).</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(100);

    /// <summary>A blocking reload's answer is one version of the playlist, asked for by its own URL: the player's cache may keep it briefly.</summary>
    public const string AnsweredReload = "private, max-age=2";

    /// <summary>A growing playlist asked for without a directive changes with every part: never reused without asking again.</summary>
    public const string Growing = "no-cache";

    /// <summary>The playlist's text once it satisfies <paramref name="wanted"/> (null: at once), or the refusal.</summary>
    /// <param name="comingWithin">
    /// When not null, the playlist may not be stored yet (a rung of a video that plays before its every rung is out): a
    /// request is held until it is, for at most this long, then answered 503. When null, a playlist not stored is a 404.
    /// </param>
    public static async Task<(string? Text, Answer? Refusal)> ReadAsync(
        IObjectStorage storage, PlaylistChanges changes, TimeProvider clock, string key, Func<string, PlaylistPosition, ReloadVerdict> wanted, CancellationToken ct,
        TimeSpan? comingWithin = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(wanted);
        DateTimeOffset? deadline = null;
        while (true)
        {
            var changed = changes.NextChange(key);
            byte[]? stored;
            try
            {
                stored = await storage.ReadAllBytesAsync(key, ct).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException) when (comingWithin is not null)
            {
                stored = null;
            }
            catch (ObjectNotFoundException)
            {
                // The video named it but its objects are gone (deleted while a player follows it).
                return (null, Answer.NotFound("No such playlist."));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return (null, Answer.ClientClosed);
            }

            TimeSpan bound;
            TimeSpan retryAfter;
            if (stored is null)
            {
                bound = comingWithin!.Value;
                retryAfter = TimeSpan.FromSeconds(1);
            }
            else
            {
                var text = Encoding.UTF8.GetString(stored);
                var position = LowLatencyPlaylist.Parse(text);
                switch (wanted(text, position))
                {
                    case ReloadVerdict.Ready:
                        return (text, null);
                    case ReloadVerdict.TooFarAhead:
                        return (null, Answer.Invalid("Too far ahead of the playlist",
                            $"The playlist is at segment {position.OpenSequence - 1}, part {position.OpenParts - 1} of the next; a blocking reload may ask for at most two segments, or {position.AdvancePartLimit:0.#} parts, ahead."));
                }

                bound = position.BlockingBound;
                retryAfter = TimeSpan.FromSeconds(position.TargetDurationSeconds);
            }

            deadline ??= clock.GetUtcNow() + bound;
            var left = deadline.Value - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return (null, Answer.Unavailable("Not published in time",
                    stored is null
                        ? $"The playlist was not published within {bound.TotalSeconds:0} s; ask again."
                        : $"What was asked for was not published within {bound.TotalSeconds:0} s (three target durations); ask again.",
                    retryAfter));
            }

            try
            {
                await changed.WaitAsync(left, clock, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The bound has passed: the playlist is read once more, and answered 503 if it still lacks what was asked for.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The player left while its reload was held (it moved on, or closed the page): a normal end, not a failure.
                return (null, Answer.ClientClosed);
            }
        }
    }

    /// <summary>What a blocking reload waits for: the directive's segment or part, judged against the playlist as it stands.</summary>
    public static Func<string, PlaylistPosition, ReloadVerdict> For(ReloadDirective? directive) =>
        (_, position) => directive is null ? ReloadVerdict.Ready : position.Judge(directive.Msn, directive.Part);
}
