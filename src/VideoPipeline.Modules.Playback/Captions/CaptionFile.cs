using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VideoPipeline.Modules.Playback.Captions;

/// <summary>A caption file as a person sent it, read as WebVTT or SRT: its cues as WebVTT, or the first line at fault.</summary>
internal sealed partial record CaptionFile(string? WebVtt, int Cues, string? Refusal)
{
    public const int MaxCues = 50_000;
    public const int MaxLineLength = 2_000;

    /// <summary>Reads the file: WebVTT when it says so on its first line, SRT otherwise.</summary>
    public static CaptionFile Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        if (Array.FindIndex(lines, l => l.Length > MaxLineLength) is var longLine and >= 0)
        {
            return Refused(longLine + 1, $"the line is longer than {MaxLineLength} characters");
        }

        if (Array.FindIndex(lines, l => l.Any(c => char.IsControl(c) && c != '\t')) is var control and >= 0)
        {
            return Refused(control + 1, "the line holds a control character");
        }

        return WebVttHeader().IsMatch(lines[0]) ? ReadWebVtt(lines) : ReadSrt(lines);
    }

    private static CaptionFile Refused(int line, string why) => new(null, 0, $"Line {line}: {why}.");

    private static CaptionFile ReadWebVtt(string[] lines)
    {
        var output = new StringBuilder("WEBVTT\n");
        var cues = 0;
        var i = SkipBlock(lines, 0);
        while ((i = SkipBlank(lines, i)) < lines.Length)
        {
            if (lines[i].StartsWith("NOTE", StringComparison.Ordinal) || lines[i] is "STYLE" or "REGION" || lines[i].StartsWith("STYLE ", StringComparison.Ordinal))
            {
                i = SkipBlock(lines, i);
                continue;
            }

            var timingLine = lines[i].Contains("-->", StringComparison.Ordinal) ? i : i + 1;
            if (timingLine >= lines.Length || !lines[timingLine].Contains("-->", StringComparison.Ordinal))
            {
                return Refused(timingLine + 1 > lines.Length ? lines.Length : timingLine + 1, "a cue timing (00:00:01.000 --> 00:00:02.000) was expected");
            }

            if (Timing(lines[timingLine], ".") is not { } timing)
            {
                return Refused(timingLine + 1, "the cue timing is not hh:mm:ss.mmm --> hh:mm:ss.mmm with the end after the start");
            }

            var (text, next, fault) = Payload(lines, timingLine + 1);
            if (fault is { } line)
            {
                return Refused(line + 1, "a cue's text cannot contain \"-->\"");
            }

            if (++cues > MaxCues)
            {
                return Refused(timingLine + 1, $"the file has more than {MaxCues} cues");
            }

            output.Append('\n').Append(timing).Append(lines[timingLine][CueSettingsStart(lines[timingLine])..]).Append('\n').Append(text);
            i = next;
        }

        return new CaptionFile(output.ToString(), cues, null);
    }

    private static CaptionFile ReadSrt(string[] lines)
    {
        var output = new StringBuilder("WEBVTT\n");
        var cues = 0;
        var i = 0;
        while ((i = SkipBlank(lines, i)) < lines.Length)
        {
            if (!int.TryParse(lines[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return Refused(i + 1, cues == 0
                    ? "the file is neither WebVTT (its first line would be WEBVTT) nor SRT (a cue number was expected)"
                    : "a cue number was expected");
            }

            if (i + 1 >= lines.Length || Timing(lines[i + 1], ",") is not { } timing)
            {
                return Refused(Math.Min(i + 2, lines.Length), "the cue timing is not hh:mm:ss,mmm --> hh:mm:ss,mmm with the end after the start");
            }

            var (text, next, fault) = Payload(lines, i + 2);
            if (fault is { } line)
            {
                return Refused(line + 1, "a cue's text cannot contain \"-->\"");
            }

            if (++cues > MaxCues)
            {
                return Refused(i + 1, $"the file has more than {MaxCues} cues");
            }

            output.Append('\n').Append(timing).Append('\n').Append(text);
            i = next;
        }

        return cues == 0 ? Refused(1, "the file holds no cue") : new CaptionFile(output.ToString(), cues, null);
    }

    /// <summary>The cue's text lines up to the next blank line; a line with "-->" is at fault.</summary>
    private static (string Text, int Next, int? Fault) Payload(string[] lines, int start)
    {
        var text = new StringBuilder();
        var i = start;
        for (; i < lines.Length && lines[i].Trim().Length > 0; i++)
        {
            if (lines[i].Contains("-->", StringComparison.Ordinal))
            {
                return ("", i, i);
            }

            text.Append(lines[i]).Append('\n');
        }

        return (text.ToString(), i, null);
    }

    private static int SkipBlank(string[] lines, int i)
    {
        while (i < lines.Length && lines[i].Trim().Length == 0)
        {
            i++;
        }

        return i;
    }

    private static int SkipBlock(string[] lines, int i)
    {
        while (i < lines.Length && lines[i].Trim().Length > 0)
        {
            i++;
        }

        return i;
    }

    /// <summary>The timing as WebVTT writes it, or null when it is malformed or ends before it starts.</summary>
    private static string? Timing(string line, string fraction)
    {
        var match = TimingLine().Match(line);
        if (!match.Success || Time(match.Groups["start"].Value, fraction) is not { } start || Time(match.Groups["end"].Value, fraction) is not { } end || end < start)
        {
            return null;
        }

        return $"{Format(start)} --> {Format(end)}";
    }

    private static int CueSettingsStart(string line) => TimingLine().Match(line).Length;

    private static TimeSpan? Time(string value, string fraction)
    {
        var match = TimeValue().Match(value);
        if (!match.Success || match.Groups["sep"].Value != fraction)
        {
            return null;
        }

        var hours = match.Groups["h"].Success ? int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) : 0;
        var minutes = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
        var millis = int.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
        return minutes > 59 || seconds > 59 ? null : new TimeSpan(0, hours, minutes, seconds, millis);
    }

    private static string Format(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");

    [GeneratedRegex(@"^WEBVTT([ \t].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex WebVttHeader();

    [GeneratedRegex(@"^\s*(?<start>\S+)\s+-->\s+(?<end>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex TimingLine();

    [GeneratedRegex(@"^(?:(?<h>\d{1,3}):)?(?<m>\d{2}):(?<s>\d{2})(?<sep>[.,])(?<ms>\d{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeValue();
}
