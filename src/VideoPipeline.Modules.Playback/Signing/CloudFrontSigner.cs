using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Signing;

/// <summary>
/// CloudFront signed URLs with a canned policy: RSA-SHA1 (PKCS#1 v1.5) over the policy, in CloudFront's URL-safe
/// base64 (<c>+</c>→<c>-</c>, <c>=</c>→<c>_</c>, <c>/</c>→<c>~</c>), as <c>?Expires=&amp;Signature=&amp;Key-Pair-Id=</c>.
/// </summary>
internal sealed class CloudFrontSigner : IMediaUrlSigner, IDisposable
{
    private readonly Uri _baseUrl;
    private readonly string _keyPairId;
    private readonly string _privateKeyPem;

    // One key object per thread: an RSA instance is not documented as safe for concurrent use.
    private readonly ThreadLocal<RSA> _rsa;

    public CloudFrontSigner(Uri baseUrl, string keyPairId, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPairId);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _keyPairId = keyPairId;
        _privateKeyPem = privateKeyPem;
        _rsa = new ThreadLocal<RSA>(LoadKey, trackAllValues: true);
        _ = _rsa.Value; // a key that does not parse fails at start-up, not on the first play
    }

    public Uri Sign(string key, DateTimeOffset expiresAt)
    {
        ObjectKeys.EnsureValid(key);
        var resource = new Uri(_baseUrl, ObjectKeys.Escape(key)).AbsoluteUri;
        var expires = expiresAt.ToUnixTimeSeconds();
        var signature = SignPolicy(_rsa.Value!, CannedPolicy(resource, expires));
        var separator = resource.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return new Uri(string.Create(CultureInfo.InvariantCulture,
            $"{resource}{separator}Expires={expires}&Signature={signature}&Key-Pair-Id={Uri.EscapeDataString(_keyPairId)}"));
    }

    /// <summary>The canned policy CloudFront rebuilds from a signed URL; byte for byte, no whitespace.</summary>
    public static string CannedPolicy(string resource, long expiresUnixSeconds) =>
        "{\"Statement\":[{\"Resource\":\"" + resource + "\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" +
        expiresUnixSeconds.ToString(CultureInfo.InvariantCulture) + "}}}]}";

    public static string SignPolicy(RSA key, string policy)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignData(Encoding.UTF8.GetBytes(policy), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        return UrlSafeBase64(signature);
    }

    public static string UrlSafeBase64(byte[] bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('=', '_').Replace('/', '~');

    public void Dispose()
    {
        foreach (var rsa in _rsa.Values)
        {
            rsa.Dispose();
        }

        _rsa.Dispose();
    }

    private RSA LoadKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(_privateKeyPem);
        return rsa;
    }
}
