using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>A call of one route, as <see cref="EveryRoute"/> makes it.</summary>
public sealed record RouteCall(string Method, string Url, string? Body);

/// <summary>
/// Every route the host maps (read from its <see cref="EndpointDataSource"/>, so a new route is walked without a spec
/// naming it), each called with the values a client would send: a video id of the spec's choosing, an API key, and the
/// write routes both without a body and with a JSON body holding the fields they read.
/// </summary>
public static class EveryRoute
{
    public static IReadOnlyList<RouteCall> Of(IServiceProvider services, Guid videoId)
    {
        var calls = new List<RouteCall>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            var url = UrlOf(endpoint.RoutePattern, videoId);
            foreach (var method in methods.Where(m => m != HttpMethods.Options))
            {
                calls.Add(new RouteCall(method, url, Body: null));
                if (method is "POST" or "PUT" or "PATCH")
                {
                    calls.Add(new RouteCall(method, url, BodyFor(videoId)));
                }
            }
        }

        return calls;
    }

    public static HttpRequestMessage Request(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = new HttpRequestMessage(new HttpMethod(call.Method), new Uri(call.Url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        if (call.Body is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add("X-Webhook-Signature", VideoApi.Sign(body, DateTimeOffset.UtcNow));
        }

        return request;
    }

    private static string UrlOf(RoutePattern pattern, Guid videoId)
    {
        var segments = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { IsCatchAll: true } => $"videos/{videoId}/raw.mp4",
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => videoId.ToString(),
            RoutePatternParameterPart parameter => parameter.Name switch
            {
                "language" => "en",
                "rendition" => "480p",
                _ => "x",
            },
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    /// <summary>The fields the write routes read, each valid: the title of an upload, a URL to ingest or notify, the key of the video's upload.</summary>
    private static string BodyFor(Guid videoId) =>
        $$"""{"title":"Through an outage","fileName":"clip.mp4","contentType":"video/mp4","url":"https://example.com/clip.mp4","key":"videos/{{videoId}}/raw.mp4","size":1}""";
}
