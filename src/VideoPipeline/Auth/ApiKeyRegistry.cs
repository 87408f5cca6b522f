using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Auth;

/// <summary>One configured key: its SHA-256, who it belongs to, and a short id safe to log and to rate-limit by.</summary>
public sealed record KnownApiKey(byte[] Hash, string Owner, bool IsAdmin, bool WasPlain)
{
    public string KeyId { get; } = Convert.ToHexStringLower(Hash)[..12];
}

/// <summary>
/// Finds the owner of a presented key by its SHA-256, comparing against every configured key in constant time, so
/// neither the keys' content nor which entry matched shows in the response time.
/// </summary>
public sealed class ApiKeyRegistry
{
    private const string HashPrefix = "sha256:";
    private readonly KnownApiKey[] _keys;

    public ApiKeyRegistry(ApiKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.ApiKeys.Select(e => Parse(e.Key, e.Value, isAdmin: false))
            .Concat(options.Keys.SelectMany(e => e.Value.Select(key => Parse(key, e.Key, isAdmin: false))))
            .Concat(options.AdminKeys.SelectMany(e => e.Value.Select(key => Parse(key, e.Key, isAdmin: true))))
            .ToArray();
        var duplicate = keys.GroupBy(k => Convert.ToHexString(k.Hash)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"An API key is configured more than once (key id {duplicate.First().KeyId}).");
        }

        _keys = keys;
    }

    public IReadOnlyList<KnownApiKey> Keys => _keys;

    public static string HashOf(string key) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public KnownApiKey? Find(string presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        KnownApiKey? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash))
            {
                found = key;
            }
        }

        return found;
    }

    private static KnownApiKey Parse(string configured, string owner, bool isAdmin)
    {
        if (string.IsNullOrWhiteSpace(owner))
        {
            throw new InvalidOperationException("Every API key must map to an owner (or admin) name.");
        }

        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException($"An API key of '{owner}' is empty.");
        }

        if (!configured.StartsWith(HashPrefix, StringComparison.Ordinal))
        {
            return new KnownApiKey(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), owner, isAdmin, WasPlain: true);
        }

        var hex = configured[HashPrefix.Length..];
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException($"The hashed API key of '{owner}' must be {HashPrefix}<64 hex digits>, the SHA-256 of the key.");
        }

        return new KnownApiKey(Convert.FromHexString(hex), owner, isAdmin, WasPlain: false);
    }
}
