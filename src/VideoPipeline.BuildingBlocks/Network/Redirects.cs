using System.Net;

namespace VideoPipeline.BuildingBlocks.Network;

/// <summary>
/// GET through a guarded client, following at most <c>maxRedirects</c> redirects itself, so that each hop's URL is judged
/// (http or https only, no credentials, no refused IP literal) before the guard judges its connection.
/// </summary>
public static class Redirects
{
    /// <summary>The first answer that is not a redirect (headers read, body not yet); the caller disposes it.</summary>
    public static async Task<HttpResponseMessage> GetFollowingAsync(this HttpClient client, NetworkGuard guard, Uri url, int maxRedirects, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(guard);
        for (var hop = 0; ; hop++)
        {
            if (guard.RefusalOf(url) is { } refusal)
            {
                throw new OutboundRequestRefusedException(hop == 0 ? $"The URL {refusal}" : $"A redirect went to a URL that {refusal}");
            }

            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, ct);
            if (!IsRedirect(response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                if (hop >= maxRedirects)
                {
                    throw new OutboundRequestRefusedException($"The URL redirected more than {maxRedirects} times.");
                }

                url = response.Headers.Location is { } location
                    ? location.IsAbsoluteUri ? location : new Uri(url, location)
                    : throw new OutboundRequestRefusedException($"A redirect ({(int)response.StatusCode}) named no Location.");
            }
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
