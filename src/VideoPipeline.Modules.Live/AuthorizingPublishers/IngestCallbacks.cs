using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Modules.Live.AuthorizingPublishers;

/// <summary>
/// Who may call the ingest server's callbacks: the ingest server beside this node, on loopback, with the shared secret
/// (<see cref="LiveOptions.CallbackSecret"/>). Anyone else gets a 404, as if there were no such route.
/// </summary>
internal static class IngestCallbacks
{
    public static bool Allowed(HttpContext http, LiveOptions options)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote) || string.IsNullOrEmpty(options.CallbackSecret))
        {
            return false;
        }

        var given = http.Request.Query["secret"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.CallbackSecret));
    }

    /// <summary>The form nginx-rtmp posts: the stream name (the key, or the name it was renamed to) and its client id.</summary>
    public static async Task<(string Name, string ClientId)?> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var name = form["name"].ToString();
        var client = form["clientid"].ToString();
        return name.Length is > 0 and <= 200 && client.Length is > 0 and <= 40 ? (name, client) : null;
    }
}
