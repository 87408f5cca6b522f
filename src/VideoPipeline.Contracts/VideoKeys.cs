namespace VideoPipeline.Contracts;

/// <summary>The storage key layout of a video, shared by every module that reads or writes its objects.</summary>
public static class VideoKeys
{
    public static string Folder(Guid videoId) => $"videos/{videoId:D}";

    public static string Raw(Guid videoId, string extension) => $"{Folder(videoId)}/raw.{extension}";

    /// <summary>An MP4 rendition for download and plain <c>&lt;video src&gt;</c> playback (the seed's <c>480p.mp4</c>).</summary>
    public static string Rendition(Guid videoId, string resolution) => $"{Folder(videoId)}/{resolution}.mp4";

    public static string Thumbnail(Guid videoId) => $"{Folder(videoId)}/thumb.jpg";

    /// <summary>The storyboard: every seek preview tile of the video in one sprite.</summary>
    public static string Storyboard(Guid videoId) => $"{Folder(videoId)}/storyboard.jpg";

    /// <summary>A streaming file of the video, by its path inside the CMAF folder (<c>master.m3u8</c>, <c>720p/seg_00003.m4s</c>, ...).</summary>
    public static string Stream(Guid videoId, string relativePath) => $"{Folder(videoId)}/{StreamingLayout.Folder}/{relativePath}";

    /// <summary>The video id of a raw upload key (<c>videos/&lt;id&gt;/raw.&lt;ext&gt;</c>), or null for any other key.</summary>
    public static Guid? VideoIdOfRawKey(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[0] != "videos" || !parts[2].StartsWith("raw.", StringComparison.Ordinal))
        {
            return null;
        }

        return Guid.TryParseExact(parts[1], "D", out var id) ? id : null;
    }
}
