using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Modules.Live;

/// <summary>Stream keys: high-entropy secrets shown once, kept as their SHA-256 like API keys.</summary>
public static class StreamKeys
{
    private const string Prefix = "sk_";

    public static string NewKey() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="name"/> could be a key at all (what an ingest server passes is untrusted).</summary>
    public static bool LooksLikeKey(string? name) =>
        name is { Length: 51 } && name.StartsWith(Prefix, StringComparison.Ordinal) && name.AsSpan(Prefix.Length).ToString().All(char.IsAsciiHexDigitLower);
}
