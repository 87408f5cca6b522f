using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// What an integrator's receiver does with a delivery, written from the README and not from the service's code: check
/// <c>VideoPipeline-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c> and the timestamp's age.
/// </summary>
public static class ReceivingSide
{
    public static bool IsGenuine(ReceivedRequest request, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = request.Header("VideoPipeline-Signature").Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) ||
            !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. request.Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    public static WebhookEventDto Event(ReceivedRequest request) =>
        System.Text.Json.JsonSerializer.Deserialize<WebhookEventDto>(request.Body, System.Text.Json.JsonSerializerOptions.Web)!;
}
