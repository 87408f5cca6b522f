namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// What a playback token opens, its <c>aud</c> claim (one letter, as Mux spells them): a token for one of these opens
/// nothing of the others.
/// </summary>
public static class PlaybackAudience
{
    /// <summary>Playing the video: HLS and DASH manifests, MP4 downloads, the player page and its data, captions, beacons.</summary>
    public const string Video = "v";

    /// <summary>Still and animated images of the video (the image API).</summary>
    public const string Thumbnail = "t";

    /// <summary>The seek previews (<c>storyboard.vtt</c>).</summary>
    public const string Storyboard = "s";
}
