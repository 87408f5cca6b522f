using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// The one signature of the service's webhooks, inbound and outbound: <c>t=&lt;unix seconds&gt;,v1=&lt;hex
/// HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</c>. The timestamp is signed, so a captured request cannot be replayed
/// once the receiver's tolerance has passed.
/// </summary>
public static class TimestampedSignature
{
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={HexMac.Format(Mac(secret, unixSeconds, body))}";

    public static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
