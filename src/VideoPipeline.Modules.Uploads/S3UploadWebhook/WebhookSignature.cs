using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Modules.Uploads.S3UploadWebhook;

/// <summary>
/// <c>X-Webhook-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>.
/// The timestamp is signed so a captured notification cannot be replayed after the tolerance.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Webhook-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}";

    /// <summary>Null when the header is genuine and fresh, otherwise why it is refused.</summary>
    public static string? Verify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"The {HeaderName} header is missing.";
        }

        long? timestamp = null;
        byte[]? signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) &&
                long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + 64)
            {
                try
                {
                    signature = Convert.FromHexString(part.AsSpan(3));
                }
                catch (FormatException)
                {
                    signature = null;
                }
            }
        }

        if (timestamp is null || signature is null)
        {
            return $"The {HeaderName} header must have the form t=<unix seconds>,v1=<hex HMAC-SHA256>.";
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > tolerance.TotalSeconds)
        {
            return "The signature timestamp is outside the accepted window; the notification may be a replay.";
        }

        return CryptographicOperations.FixedTimeEquals(signature, Mac(secret, timestamp.Value, body))
            ? null
            : "The signature does not match the request body.";
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
