namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>
/// A URL a user gave, as the service may record or show it: scheme, host, port and path. Its user-info is dropped and its
/// query replaced by <c>?…</c>, since either may hold a credential (<c>?token=</c>, a presigned URL's signature); the
/// fragment is never sent anyway.
/// </summary>
public static class RedactedUrl
{
    public const string HiddenQuery = "?…";

    public static Uri Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return new Uri(url.OriginalString.Split('?', '#')[0], UriKind.Relative);
        }

        var shown = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return new Uri(url.Query.Length > 1 ? shown + HiddenQuery : shown);
    }
}
