using VideoPipeline.Modules.Playback.Captions;

namespace VideoPipeline.Tests.Playback.Deciding;

/// <summary>A caption file is WebVTT or SRT, stored as WebVTT; a malformed one is refused with the line at fault.</summary>
public sealed class ReadingCaptionFiles
{
    [Fact]
    public void an_srt_file_becomes_webvtt()
    {
        var file = CaptionFile.Read("1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n<i>there</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nAgain\r\n");

        file.Refusal.ShouldBeNull();
        file.Cues.ShouldBe(2);
        file.WebVtt.ShouldBe("WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello\n<i>there</i>\n\n00:00:03.000 --> 00:00:04.000\nAgain\n");
    }

    [Fact]
    public void a_webvtt_file_keeps_its_cue_settings_and_drops_its_notes()
    {
        var file = CaptionFile.Read("\uFEFFWEBVTT - subtitles\n\nNOTE a translator's note\nover two lines\n\nintro\n01:02.000 --> 01:03.500 align:start line:10%\nHi\n");

        file.Refusal.ShouldBeNull();
        file.WebVtt.ShouldBe("WEBVTT\n\n00:01:02.000 --> 00:01:03.500 align:start line:10%\nHi\n");
    }

    [Theory]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 -> 00:00:04,000\nbroken\n", "Line 6: the cue timing is not hh:mm:ss,mmm --> hh:mm:ss,mmm with the end after the start.")]
    [InlineData("1\n00:00:05,000 --> 00:00:02,000\nends before it starts\n", "Line 2: the cue timing is not hh:mm:ss,mmm --> hh:mm:ss,mmm with the end after the start.")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\n00:00:03.000 --> 00:00:61.000\nsixty-one seconds\n", "Line 6: the cue timing is not hh:mm:ss.mmm --> hh:mm:ss.mmm with the end after the start.")]
    [InlineData("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na line\n00:00:02.000 --> 00:00:03.000\n", "Line 5: a cue's text cannot contain \"-->\".")]
    [InlineData("WEBVTT\n\nno timing here\nat all\n", "Line 4: a cue timing (00:00:01.000 --> 00:00:02.000) was expected.")]
    [InlineData("<html>not captions</html>", "Line 1: the file is neither WebVTT (its first line would be WEBVTT) nor SRT (a cue number was expected).")]
    [InlineData("\n\n", "Line 1: the file holds no cue.")]
    [InlineData("1\n00:00:01,000 --> 00:00:02,000\nbell\u0007\n", "Line 3: the line holds a control character.")]
    public void a_malformed_file_is_refused_with_the_line_at_fault(string text, string refusal)
    {
        var file = CaptionFile.Read(text);

        file.WebVtt.ShouldBeNull();
        file.Refusal.ShouldBe(refusal);
    }

    [Fact]
    public void a_line_past_the_limit_is_refused()
    {
        CaptionFile.Read($"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{new string('a', CaptionFile.MaxLineLength + 1)}\n").Refusal
            .ShouldBe($"Line 4: the line is longer than {CaptionFile.MaxLineLength} characters.");
    }
}
