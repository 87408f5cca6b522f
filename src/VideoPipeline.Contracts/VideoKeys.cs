namespace VideoPipeline.Contracts;

/// <summary>The storage key layout of a video, shared by every module that reads or writes its objects.</summary>
public static class VideoKeys
{
    public static string Folder(Guid videoId) => $"videos/{videoId:D}";

    public static string Raw(Guid videoId, string extension) => $"{Folder(videoId)}/raw.{extension}";

    public static string Rendition(Guid videoId, string resolution) => $"{Folder(videoId)}/{resolution}.mp4";

    /// <summary>The source remuxed for the browser (fast path), playable before the ladder is done.</summary>
    public static string Original(Guid videoId) => $"{Folder(videoId)}/original.mp4";

    public static string Thumbnail(Guid videoId) => $"{Folder(videoId)}/thumb.jpg";

    /// <summary>An HLS file of the video, by its path inside the HLS folder (<c>master.m3u8</c>, <c>720p/index.m3u8</c>, ...).</summary>
    public static string Hls(Guid videoId, string relativePath) => $"{Folder(videoId)}/{HlsLayout.Folder}/{relativePath}";

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
