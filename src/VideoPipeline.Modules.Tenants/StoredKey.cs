using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Modules.Tenants;

/// <summary>
/// An API key kept as data: only its SHA-256 (the key is 32 random bytes, so a fast hash is enough), the first characters
/// of the key so its owner can tell keys apart, its scopes and expiry, and when it was last used.
/// </summary>
public sealed class StoredKey
{
    private const string Marker = "vpk_";
    private const int ShownCharacters = 12;

    public Guid Id { get; set; }
    public string OwnerId { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the key.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The key's first characters (its marker and a few random ones): enough to recognise it, useless to use it.</summary>
    public string Prefix { get; set; } = "";

    public List<string> Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>A new key: <c>vpk_</c> and 32 random bytes in URL-safe base64.</summary>
    public static string NewSecret() =>
        Marker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PrefixOf(string key) => key[..Math.Min(ShownCharacters, key.Length)];
}

/// <summary>A key as its owner lists it: never the key, never its hash.</summary>
public sealed record KeyView(Guid Id, string Name, IReadOnlyList<string> Scopes, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt)
{
    public static KeyView From(StoredKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.Scopes, key.Prefix, key.CreatedAt, key.ExpiresAt, key.LastUsedAt);
    }
}
