using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// What one presigned URL of the embedded store allows: <paramref name="Method"/> on <paramref name="Key"/> until
/// <paramref name="Expires"/>, and for a PUT the terms the store enforces (Content-Type, size limit, multipart part).
/// </summary>
public sealed record StorageGrant(
    string Method,
    string Key,
    long Expires,
    string? ContentType = null,
    long? MaxBytes = null,
    string? UploadId = null,
    int? PartNumber = null)
{
    /// <summary>
    /// The signed form: every field in a slot of its own in a JSON array, absent ones as null. JSON escapes what could
    /// end a slot, so no value can pass for another field's (a size limit sent as part of a Content-Type header, a part
    /// URL used as a whole-object URL), and a changed field always changes the bytes.
    /// </summary>
    internal byte[] Canonical()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(Method);
            json.WriteStringValue(Key);
            json.WriteNumberValue(Expires);
            Write(json, ContentType);
            Write(json, MaxBytes?.ToString(CultureInfo.InvariantCulture));
            Write(json, UploadId);
            Write(json, PartNumber?.ToString(CultureInfo.InvariantCulture));
            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}

/// <summary>Signs and checks the embedded store's presigned URLs: HMAC-SHA256 over a <see cref="StorageGrant"/>, compared in constant time.</summary>
public sealed class StorageUrlSigner(byte[] key)
{
    public string Sign(StorageGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return HexMac.Format(HMACSHA256.HashData(key, grant.Canonical()));
    }

    public bool IsValid(StorageGrant grant, string? signature, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.Expires >= now.ToUnixTimeSeconds() && HexMac.Matches(signature, HMACSHA256.HashData(key, grant.Canonical()));
    }
}
