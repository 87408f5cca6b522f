using System.Globalization;
using System.Text;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// Where every rendition's segments begin: at 0, <c>first</c>, 2·<c>first</c>, 4·<c>first</c> ... up to <c>steady</c>, then every
/// <c>steady</c> seconds (1, 2, 4, 8, 12, ... for 1 and 4). The first segment is out, and the video playable, after
/// <c>first</c> seconds of it are encoded; each later one is as long as all before it, so a player started on the first
/// has already buffered what it needs to wait for the next. Keyframes are forced on these boundaries in every rung, so
/// segments line up across rungs and players switch cleanly.
/// </summary>
internal sealed class SegmentSchedule
{
    // A frame at or just past a boundary starts the segment; this absorbs the rounding of frame times.
    private const double Tolerance = 0.001;

    private readonly double _first;
    private readonly double _steady;
    private readonly int _rampSegments;

    public SegmentSchedule(double firstSeconds, double steadySeconds, double? partSeconds = null)
    {
        PartSeconds = partSeconds ?? firstSeconds;
        if (!IsWholeMultiple(firstSeconds, PartSeconds))
        {
            throw new ArgumentException($"{firstSeconds} s is not a whole number of {PartSeconds} s parts.", nameof(partSeconds));
        }

        if (!IsPowerOfTwoMultiple(steadySeconds, firstSeconds))
        {
            throw new ArgumentException($"{steadySeconds} s is not {firstSeconds} s times a power of two.", nameof(steadySeconds));
        }

        _first = firstSeconds;
        _steady = steadySeconds;
        _rampSegments = (int)Math.Round(Math.Log2(steadySeconds / firstSeconds)) + 1;
    }

    public static SegmentSchedule Of(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SegmentSchedule(options.FirstSegmentSeconds, options.SegmentSeconds, options.PartSeconds);
    }

    /// <summary>How long ffmpeg's pieces are: each is an LL-HLS part, cut on time whether a keyframe is there or not.</summary>
    public double PartSeconds { get; }

    /// <summary>
    /// The <c>PART-TARGET</c> of one output of the ladder, whose frames are encoded in order (no B-frames,
    /// <see cref="LadderEncoding.VideoArguments"/>): ffmpeg cuts a part on the first frame (or AAC frame) at or past each
    /// boundary, so a part lasts the whole number of frames just below or just above <see cref="PartSeconds"/>; the target
    /// is the longer of the two, rounded up to 10 ms (timestamps in milliseconds move a cut by one). RFC 8216bis §4.4.4.9
    /// wants every part at least 85 % of it but a segment's last and the independent ones (every audio part): at 24, 25,
    /// 29.97, 30, 50 and 60 fps a video part's shorter length is (7/8 of 0.27 s at 30 fps).
    /// </summary>
    /// <param name="frameRate">The video's frame rate as encoded; null for the audio rendition (AAC, any of its sample rates).</param>
    public double PartTargetSeconds(double? frameRate)
    {
        var longest = frameRate is { } fps
            ? LongestCut(1 / fps)
            : AacSampleRates.Max(rate => LongestCut(1024.0 / rate));
        return Math.Ceiling((longest * 100) - 1e-6) / 100;
    }

    private double LongestCut(double frameSeconds) => Math.Ceiling((PartSeconds / frameSeconds) - 1e-6) * frameSeconds;

    private static readonly int[] AacSampleRates = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000];

    public static bool IsWholeMultiple(double whole, double part)
    {
        if (!(part > 0) || whole < part)
        {
            return false;
        }

        var count = whole / part;
        return Math.Abs(count - Math.Round(count)) < 1e-9;
    }

    /// <summary>The segment duration players are told to expect at most (HLS's target duration).</summary>
    public double SteadySeconds => _steady;

    /// <summary>The shortest segment: ffmpeg cuts at every keyframe this far apart, and audio into pieces this long.</summary>
    public double FirstSeconds => _first;

    public static bool IsPowerOfTwoMultiple(double steady, double first)
    {
        if (!(first > 0) || steady < first)
        {
            return false;
        }

        var exponent = Math.Log2(steady / first);
        return Math.Abs(exponent - Math.Round(exponent)) < 1e-9;
    }

    /// <summary>Where segment <paramref name="index"/> begins, in seconds.</summary>
    public double Start(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index == 0 ? 0
            : index <= _rampSegments ? _first * Math.Pow(2, index - 1)
            : _steady * (index - _rampSegments + 1);
    }

    /// <summary>The segment a moment of the stream (a piece's start) belongs to.</summary>
    public int IndexAt(double seconds)
    {
        var t = seconds + Tolerance;
        return t < _first ? 0
            : t < _steady ? 1 + (int)Math.Floor(Math.Log2(t / _first))
            : _rampSegments + (int)Math.Floor((t - _steady) / _steady);
    }

    /// <summary>
    /// ffmpeg's <c>-force_key_frames</c> expression: a keyframe on the first frame, then on the first frame at or past the
    /// next boundary after the last forced one. It depends on the time of the last forced frame only, not on a count.
    /// </summary>
    public string KeyframeExpression()
    {
        var next = new StringBuilder();
        var closing = 0;
        for (var index = 1; index <= _rampSegments; index++)
        {
            next.Append(CultureInfo.InvariantCulture, $"if(lt(prev_forced_t,{Seconds(Start(index) - Tolerance)}),{Seconds(Start(index))},");
            closing++;
        }

        next.Append(CultureInfo.InvariantCulture, $"{Seconds(_steady)}*(floor((prev_forced_t+{Seconds(Tolerance)})/{Seconds(_steady)})+1)");
        next.Append(')', closing);
        return $"expr:if(isnan(prev_forced_t),1,gte(t,{next}))";
    }

    private static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
