namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// What a playback token opens, its <c>aud</c> claim (one letter, as Mux spells them). A video token also opens the
/// seek previews, which the player page shows while it plays; otherwise a token for one of these opens nothing of the others.
/// </summary>
public static class PlaybackAudience
{
    /// <summary>Playing the video: HLS and DASH manifests, MP4 downloads, the player page and its data, captions, beacons.</summary>
    public const string Video = "v";

    /// <summary>Still and animated images of the video (the image API).</summary>
    public const string Thumbnail = "t";

    /// <summary>The seek previews (<c>storyboard.vtt</c>), alone.</summary>
    public const string Storyboard = "s";

    /// <summary>Whether a token for <paramref name="held"/> opens what needs <paramref name="needed"/>.</summary>
    public static bool Opens(string held, string needed) => held == needed || (held == Video && needed == Storyboard);
}
