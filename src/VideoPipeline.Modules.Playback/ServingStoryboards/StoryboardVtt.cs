using System.Globalization;
using System.Text;

namespace VideoPipeline.Modules.Playback.ServingStoryboards;

/// <summary>
/// A storyboard as WebVTT, the way Mux's <c>storyboard.vtt</c> has it: one cue per tile, its text the sprite's URL with a
/// <c>#xywh=x,y,w,h</c> fragment naming the tile.
/// </summary>
internal static class StoryboardVtt
{
    /// <param name="durationSeconds">The video's length: the last cue ends there (0 when unknown: it then lasts one interval).</param>
    public static string Write(StoryboardReady storyboard, double durationSeconds, Uri sprite)
    {
        ArgumentNullException.ThrowIfNull(storyboard);
        ArgumentNullException.ThrowIfNull(sprite);
        var vtt = new StringBuilder("WEBVTT\n");
        for (var i = 0; i < storyboard.Count; i++)
        {
            var start = i * storyboard.IntervalSeconds;
            var end = i == storyboard.Count - 1 && durationSeconds > start ? durationSeconds : start + storyboard.IntervalSeconds;
            var (x, y) = (i % storyboard.Columns * storyboard.TileWidth, i / storyboard.Columns * storyboard.TileHeight);
            vtt.Append(CultureInfo.InvariantCulture, $"\n{Timestamp(start)} --> {Timestamp(end)}\n")
                .Append(CultureInfo.InvariantCulture, $"{sprite.AbsoluteUri}#xywh={x},{y},{storyboard.TileWidth},{storyboard.TileHeight}\n");
        }

        return vtt.ToString();
    }

    private static string Timestamp(double seconds) =>
        TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)).ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
