namespace VideoPipeline.MediaEngine;

/// <summary>
/// Where an upload is read from, before and after it is identified: a file of this machine, or an object store's URL
/// that ffmpeg reads in place with range requests (over HTTP only, sending <see cref="IfMatch"/> with every request, so
/// a store that honours it refuses any other version of the object). Nothing else is ever opened through it.
/// </summary>
public sealed record MediaLocation
{
    private MediaLocation(string path, long size, bool isUrl, string? ifMatch)
    {
        Path = path;
        Size = size;
        IsUrl = isUrl;
        IfMatch = ifMatch;
    }

    /// <summary>The file's path, or the URL.</summary>
    public string Path { get; }

    /// <summary>How many bytes the upload holds.</summary>
    public long Size { get; }

    public bool IsUrl { get; }

    /// <summary>The ETag every read of the URL must still find, or null.</summary>
    public string? IfMatch { get; }

    /// <summary>The file at <paramref name="path"/>.</summary>
    public static MediaLocation File(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(path);
        return file.Exists ? new MediaLocation(file.FullName, file.Length, isUrl: false, ifMatch: null) : throw new FileNotFoundException("The file to read does not exist.", path);
    }

    /// <summary>An object of <paramref name="size"/> bytes at <paramref name="url"/> (http or https), read with <c>If-Match: <paramref name="ifMatch"/></c> when given.</summary>
    public static MediaLocation Url(Uri url, long size, string? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"'{url.Scheme}' is not read in place: only http and https are.", nameof(url));
        }

        if (ifMatch is not null && ifMatch.Any(c => char.IsControl(c)))
        {
            throw new ArgumentException("An ETag holds no control characters.", nameof(ifMatch));
        }

        return new MediaLocation(url.AbsoluteUri, size, isUrl: true, ifMatch);
    }

    /// <summary>The protocols ffmpeg may open to read it: the file, or HTTP(S) and what carries it.</summary>
    internal string Protocols => !IsUrl ? "file" : Path.StartsWith("https:", StringComparison.Ordinal) ? "https,tls,tcp" : "http,tcp";

    /// <summary>The input options that pin a URL's reads to the version that was verified.</summary>
    internal string ReadOptions => IfMatch is null ? "" : $"-headers {GuardedFfmpeg.Quote($"If-Match: {IfMatch}")}";
}
