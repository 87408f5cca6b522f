namespace VideoPipeline.Modules.Uploads.RequestingUploads;

/// <summary>Which uploads count as video, and the raw key extension each gets.</summary>
internal static class VideoFormats
{
    // By container family, as the media guard accepts them: MP4/QuickTime, Matroska/WebM, MPEG program and transport
    // streams, then AVI, Ogg and FLV.
    private static readonly Dictionary<string, string> ContentTypeByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mp4"] = "video/mp4", ["m4v"] = "video/x-m4v", ["mov"] = "video/quicktime", ["3gp"] = "video/3gpp",
        ["webm"] = "video/webm", ["mkv"] = "video/x-matroska",
        ["mpg"] = "video/mpeg", ["mpeg"] = "video/mpeg", ["ts"] = "video/mp2t",
        ["avi"] = "video/x-msvideo", ["ogv"] = "video/ogg", ["flv"] = "video/x-flv",
    };

    public static bool IsVideoContentType(string contentType) =>
        contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) && contentType.Length > "video/".Length;

    public static string? ExtensionOf(string fileName)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.');
        return ContentTypeByExtension.ContainsKey(extension) ? extension.ToLowerInvariant() : null;
    }

    /// <summary>The media type of a raw key's extension (<c>bin</c>: unknown).</summary>
    public static string ContentTypeOf(string extension) =>
        ContentTypeByExtension.GetValueOrDefault(extension, "application/octet-stream");

    /// <summary>The content type to sign and the extension of the raw key, from what the client declared.</summary>
    public static (string ContentType, string Extension) Resolve(string? contentType, string? fileName)
    {
        var extension = fileName is null ? null : ExtensionOf(fileName);
        if (contentType is null)
        {
            extension ??= "mp4";
            return (ContentTypeByExtension[extension], extension);
        }

        extension ??= ContentTypeByExtension.FirstOrDefault(
            pair => string.Equals(pair.Value, contentType, StringComparison.OrdinalIgnoreCase)).Key ?? "bin";
        return (contentType.ToLowerInvariant(), extension);
    }
}
