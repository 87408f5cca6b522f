using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Signs and checks the embedded store's presigned URLs: <c>/storage/{key}?method=&amp;expires=&amp;sig=</c>,
/// where sig is HMAC-SHA256 over method, key, expiry (and content type for PUTs).
/// </summary>
public sealed class StorageUrlSigner(byte[] key)
{
    public (long Expires, string Signature) Sign(string method, string objectKey, DateTimeOffset expiresAt, string? contentType)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return (expires, Convert.ToHexStringLower(Mac(method, objectKey, expires, contentType)));
    }

    public bool IsValid(string method, string objectKey, long expires, string? contentType, string? signature, DateTimeOffset now)
    {
        if (signature is null || expires < now.ToUnixTimeSeconds())
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Mac(method, objectKey, expires, contentType));
    }

    private byte[] Mac(string method, string objectKey, long expires, string? contentType) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n',
            method.ToUpperInvariant(), objectKey, expires.ToString(CultureInfo.InvariantCulture), contentType ?? "")));
}
