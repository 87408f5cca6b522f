using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// What a player's request to a playback route carries instead of an API key: the service's own grant
/// (<c>?expires=&amp;sig=</c>, <see cref="PlaylistGrant"/>) or an owner's signed token (<c>?token=</c>), and where it
/// comes from (its <c>Referer</c>) for playback restrictions. Every playback route takes it as one parameter, bound
/// here from the request, so each of them accepts both.
/// </summary>
/// <param name="FromPlayerPage">The request comes from the service's own player page (<c>/embed/{id}</c> of this
/// service): that page was let through its restriction when it opened, and what it loads is let through too.</param>
public sealed record PlaybackCredential(long Expires, string? Signature, string? Token, Uri? Referrer, bool FromPlayerPage)
{
    public const string TokenParameter = "token";

    /// <summary>A credential of the service's grant alone (links the service hands out itself).</summary>
    public static PlaybackCredential Grant(long expires, string? signature) => new(expires, signature, null, null, false);

    public bool IsToken => Token is not null;

    /// <summary>Minimal APIs bind a route's <see cref="PlaybackCredential"/> parameter with this.</summary>
    public static ValueTask<PlaybackCredential?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var token = query[TokenParameter].ToString();
        var referrer = Uri.TryCreate(context.Request.Headers.Referer.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
        var fromPlayerPage = referrer is not null &&
                             string.Equals(referrer.GetLeftPart(UriPartial.Authority), $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase) &&
                             referrer.AbsolutePath.StartsWith("/embed/", StringComparison.Ordinal);
        return ValueTask.FromResult<PlaybackCredential?>(new PlaybackCredential(
            CanonicalNumber.ExpiryOrPast(query["expires"].ToString()), NullIfEmpty(query["sig"].ToString()), NullIfEmpty(token), referrer, fromPlayerPage));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
