using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// What a key stored as data may do. Every route that needs a key needs one of these scopes, decided here and nowhere
/// else (<see cref="RequiredBy"/>): a key is allowed a route when it holds <see cref="All"/> or the route's scope.
/// Keys in configuration hold <see cref="All"/>.
/// </summary>
public static class ApiScopes
{
    /// <summary>Every route the owner may call, including managing its keys.</summary>
    public const string All = "all";

    /// <summary>Every GET: list and read videos, their events, captions, webhooks and deliveries, keys, live changes.</summary>
    public const string Read = "read";

    /// <summary>Starting uploads (<c>POST /upload/request</c>, <c>POST /videos/from-url</c>) and completing them.</summary>
    public const string Upload = "upload";

    /// <summary>What a player's backend needs: signed playback links (<c>GET /videos/{id}/play</c>, <c>GET /videos/{id}/captions</c>).</summary>
    public const string Playback = "playback";

    public static readonly IReadOnlyList<string> Known = [All, Read, Upload, Playback];

    private static readonly HashSet<string> UploadRoutes = ["POST /upload/request", "POST /videos/from-url", "POST /videos/{id}/complete"];
    private static readonly HashSet<string> PlaybackRoutes = ["GET /videos/{id}/play", "GET /videos/{id}/captions"];

    /// <summary>The scope a route asks for, by its method and route template (route constraints left out).</summary>
    public static string RequiredBy(string method, RouteEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var route = $"{(HttpMethods.IsHead(method) ? HttpMethods.Get : method.ToUpperInvariant())} {Template(endpoint)}";
        if (UploadRoutes.Contains(route))
        {
            return Upload;
        }

        if (PlaybackRoutes.Contains(route))
        {
            return Playback;
        }

        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Read : All;
    }

    /// <summary>Whether a key holding <paramref name="held"/> may call a route that asks for <paramref name="required"/>.</summary>
    public static bool Allows(IEnumerable<string> held, string required)
    {
        ArgumentNullException.ThrowIfNull(held);
        return held.Any(scope => scope == All || scope == required || (scope == Read && required == Playback));
    }

    private static string Template(RouteEndpoint endpoint) =>
        "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
}
