using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.Modules.Uploads.ReceivingS3Notifications;

/// <summary>
/// <c>X-Webhook-Signature</c> of storage notifications: a <see cref="TimestampedSignature"/> of the raw body, verified strictly.
/// </summary>
internal static class WebhookSignature
{
    public const string HeaderName = "X-Webhook-Signature";

    /// <summary>A signature may come from a clock this far ahead of ours; further ahead, it is refused.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Null when the header is genuine and fresh, otherwise why it is refused. Parsed strictly: exactly one
    /// <c>t=</c> of digits (no sign, no leading zero) and one <c>v1=</c> of 64 lowercase hex digits, nothing else.
    /// </summary>
    public static string? Verify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return $"The {HeaderName} header is missing.";
        }

        if (Parse(header) is not var (timestamp, signature))
        {
            return $"The {HeaderName} header must be exactly t=<unix seconds>,v1=<64 lowercase hex digits of HMAC-SHA256>.";
        }

        var age = now.ToUnixTimeSeconds() - timestamp;
        if (age > tolerance.TotalSeconds)
        {
            return "The signature timestamp is older than the accepted window; the notification may be a replay.";
        }

        if (-age > MaxClockSkew.TotalSeconds)
        {
            return "The signature timestamp is in the future.";
        }

        return HexMac.Matches(signature, TimestampedSignature.Mac(secret, timestamp, body))
            ? null
            : "The signature does not match the request body.";
    }

    private static (long Timestamp, string Signature)? Parse(string header)
    {
        var parts = header.Split(',');
        if (parts.Length != 2)
        {
            return null;
        }

        long? timestamp = null;
        string? signature = null;
        foreach (var part in parts.Select(p => p.Trim()))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && timestamp is null &&
                part.Length <= 2 + 12 && CanonicalNumber.TryParse(part.AsSpan(2), out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && signature is null && part.Length == 3 + 64 && HexMac.IsLowercaseHex(part.AsSpan(3)))
            {
                signature = part[3..];
            }
            else
            {
                return null;
            }
        }

        return timestamp is { } ts && signature is { } sig ? (ts, sig) : null;
    }
}
