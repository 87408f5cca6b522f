using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Caching.Memory;

namespace VideoPipeline.Modules.Uploads.ReceivingSnsNotifications;

/// <summary>
/// Checks that an SNS message was signed by SNS: the signing certificate must come from an SNS host over HTTPS
/// (or a configured trusted prefix), and the signature (version 1: RSA-SHA1, version 2: RSA-SHA256) must verify
/// over the canonical string. Certificates are kept for a day in a bounded cache; a fetch that fails is not kept.
/// </summary>
public sealed partial class SnsSignature(IHttpClientFactory http, IOptions<SnsOptions> options) : IDisposable
{
    public const string HttpClientName = "sns";

    /// <summary>A PEM certificate is a few kilobytes; anything much larger is not one.</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    private const int CertificatesKept = 64;
    private readonly MemoryCache _certificates = new(new MemoryCacheOptions { SizeLimit = CertificatesKept });

    /// <summary>Why the message is not genuine, or null when it is.</summary>
    internal async Task<string?> RefusalAsync(SnsMessage message, CancellationToken ct)
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

        if (await CertificateAsync(message.SigningCertUrl, ct) is not { } certificate)
        {
            return $"No certificate could be read from '{message.SigningCertUrl}'.";
        }

        using var key = certificate.GetRSAPublicKey();
        var valid = key is not null && key.VerifyData(Encoding.UTF8.GetBytes(message.StringToSign()), signature, hash.Value, RSASignaturePadding.Pkcs1);
        return valid ? null : "The signature does not match the message.";
    }

    /// <summary>HTTPS on an SNS host, or under a prefix the configuration trusts.</summary>
    public bool IsTrusted(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        ((uri.Scheme == Uri.UriSchemeHttps && SnsHost().IsMatch(uri.Host)) ||
         options.Value.TrustedUrlPrefixes.Any(prefix => url!.StartsWith(prefix, StringComparison.Ordinal)));

    public void Dispose() => _certificates.Dispose();

    /// <summary>
    /// The certificate at <paramref name="url"/>, or null when that URL answers with an error or with something that is not
    /// a certificate. A network failure throws <see cref="HttpRequestException"/>: SNS retries, and so does the next fetch.
    /// </summary>
    private async Task<X509Certificate2?> CertificateAsync(string url, CancellationToken ct)
    {
        if (_certificates.TryGetValue(url, out X509Certificate2? known))
        {
            return known;
        }

        using var response = await http.CreateClient(HttpClientName).GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxCertificateBytes)
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            var pem = await ReadBoundedAsync(response.Content, ct);
            certificate = X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or InvalidDataException)
        {
            return null;
        }

        _certificates.Set(url, certificate, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromDays(1) });
        return certificate;
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxCertificateBytes + 1];
        var read = 0;
        int last;
        while (read < buffer.Length && (last = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += last;
        }

        return read > MaxCertificateBytes
            ? throw new InvalidDataException("The certificate is larger than a certificate.")
            : Encoding.UTF8.GetString(buffer, 0, read);
    }

    [GeneratedRegex(@"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();
}
