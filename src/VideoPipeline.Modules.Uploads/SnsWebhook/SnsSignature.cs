using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace VideoPipeline.Modules.Uploads.SnsWebhook;

/// <summary>
/// Checks that an SNS message was signed by SNS: the signing certificate must come from an SNS host over HTTPS
/// (or a configured trusted prefix), and the signature (version 1: RSA-SHA1, version 2: RSA-SHA256) must verify
/// over the canonical string. Certificates are fetched once per URL.
/// </summary>
public sealed partial class SnsSignature(IHttpClientFactory http, IOptions<SnsOptions> options)
{
    public const string HttpClientName = "sns";
    private readonly ConcurrentDictionary<string, Task<X509Certificate2>> _certificates = new(StringComparer.Ordinal);

    /// <summary>Why the message is not genuine, or null when it is.</summary>
    public async Task<string?> RefusalAsync(SnsMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsTrusted(message.SigningCertUrl))
        {
            return $"The signing certificate URL '{message.SigningCertUrl}' is not an SNS certificate URL.";
        }

        var hash = message.SignatureVersion switch
        {
            "1" => HashAlgorithmName.SHA1,
            "2" => HashAlgorithmName.SHA256,
            _ => (HashAlgorithmName?)null,
        };
        if (hash is null)
        {
            return $"SignatureVersion '{message.SignatureVersion}' is not supported.";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(message.Signature);
        }
        catch (FormatException)
        {
            return "The signature is not base64.";
        }

        using var key = (await CertificateAsync(message.SigningCertUrl, ct)).GetRSAPublicKey();
        var valid = key is not null && key.VerifyData(Encoding.UTF8.GetBytes(message.StringToSign()), signature, hash.Value, RSASignaturePadding.Pkcs1);
        return valid ? null : "The signature does not match the message.";
    }

    /// <summary>HTTPS on an SNS host, or under a prefix the configuration trusts.</summary>
    public bool IsTrusted(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        ((uri.Scheme == Uri.UriSchemeHttps && SnsHost().IsMatch(uri.Host)) ||
         options.Value.TrustedUrlPrefixes.Any(prefix => url!.StartsWith(prefix, StringComparison.Ordinal)));

    private Task<X509Certificate2> CertificateAsync(string url, CancellationToken ct)
    {
        var fetch = _certificates.GetOrAdd(url, u => FetchAsync(u, ct));
        if (fetch.IsFaulted || fetch.IsCanceled)
        {
            // A failed download is not cached: the next message tries again.
            _certificates.TryRemove(new KeyValuePair<string, Task<X509Certificate2>>(url, fetch));
        }

        return fetch;
    }

    private async Task<X509Certificate2> FetchAsync(string url, CancellationToken ct)
    {
        var pem = await http.CreateClient(HttpClientName).GetStringAsync(new Uri(url), ct);
        return X509Certificate2.CreateFromPem(pem);
    }

    [GeneratedRegex(@"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();
}
