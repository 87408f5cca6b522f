using System.Security.Cryptography;
using System.Text;

namespace VideoPipeline.Configuration;

/// <summary>
/// The keys and secrets that ship with the repository (appsettings.Development.json), known to the program itself as their
/// SHA-256, so that no settings file read at run time (nor the folder the service starts from) decides what is refused.
/// A value is recognised plain or configured as a hashed key (<c>sha256:&lt;hex&gt;</c>).
/// </summary>
public static class ShippedSecrets
{
    private const string HashPrefix = "sha256:";
    private const string PlaceholderPrefix = "change-me";

    /// <summary>SHA-256 (hex) of dev-key, dev-key-2, dev-admin-key, dev-webhook-secret, dev-storage-signing-key, dev-playback-signing-key, dev-live-callback-secret.</summary>
    private static readonly HashSet<string> Hashes = new(StringComparer.OrdinalIgnoreCase)
    {
        "7e9f8fd111802be56c379d597842e29b2cebd35ff2133d431a49fa556a18704e",
        "966c44be82076d2c2ad29390d50c34034a35056007f29606f6457b02af023402",
        "df76ff796f70d2c9cb055ea6280553caa27eda26b70e01082c160de75a05a4a9",
        "3d2a5532df4637e6a59a2105aac215fa5e95b50b98c21d480b50510e96d7ee30",
        "13100b0aac0bd0a24584423f8e2003950047241229afc579987d913337636616",
        "2decee51ef62db633a9ad65b4f58b33d6e940c214382ea8c9a6cd3bb063305a3",
        "0c46dc007d9197bac93c96300c43d3dda89c2656e99f4dea5f2a2363e1d65417",
    };

    /// <summary>Whether <paramref name="value"/> is a shipped key or secret (plain or hashed), or an example's <c>change-me</c> placeholder.</summary>
    public static bool Contains(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.StartsWith(PlaceholderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var hash = trimmed.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
            ? trimmed[HashPrefix.Length..]
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trimmed)));
        return Hashes.Contains(hash);
    }
}
