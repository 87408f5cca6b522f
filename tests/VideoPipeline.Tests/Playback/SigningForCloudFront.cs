using System.Security.Cryptography;
using System.Web;
using VideoPipeline.Modules.Playback.Signing;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>CloudFront signed URLs, checked against what openssl computes for the same canned policy and key.</summary>
public sealed class SigningForCloudFront : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "videopipeline-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void the_canned_policy_is_the_exact_json_cloudfront_rebuilds()
    {
        CloudFrontSigner.CannedPolicy("https://d111111abcdef8.cloudfront.net/videos/a/480p.mp4", 1767225600)
            .ShouldBe("""{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/a/480p.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767225600}}}]}""");
    }

    [Fact]
    public void signatures_use_cloudfronts_url_safe_base64()
    {
        CloudFrontSigner.UrlSafeBase64([0xfb, 0xff, 0xfe]).ShouldBe("-~~-"); // "+//+" in standard base64
        CloudFrontSigner.UrlSafeBase64([0xff]).ShouldBe("~w__");           // "/w=="
    }

    [Fact]
    public async Task a_signed_url_carries_the_signature_openssl_computes_for_its_canned_policy()
    {
        var keyPath = await OpenSsl.GenerateRsaKeyAsync(_folder);
        using var signer = new CloudFrontSigner(new Uri("https://d111111abcdef8.cloudfront.net/media"), "K2JCJMDEHXQW5F", await File.ReadAllTextAsync(keyPath));
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

        var url = signer.Sign("videos/3f1c/hls/480p/seg_00001.ts", expiresAt);

        var resource = url.GetLeftPart(UriPartial.Path);
        resource.ShouldBe("https://d111111abcdef8.cloudfront.net/media/videos/3f1c/hls/480p/seg_00001.ts");
        var query = HttpUtility.ParseQueryString(url.Query);
        query["Expires"].ShouldBe("1767225600");
        query["Key-Pair-Id"].ShouldBe("K2JCJMDEHXQW5F");
        var expected = await OpenSsl.CloudFrontSignatureAsync(keyPath, CloudFrontSigner.CannedPolicy(resource, 1767225600));
        query["Signature"].ShouldBe(expected);
        expected.ShouldNotContain('+');
        expected.ShouldNotContain('/');
        expected.ShouldNotContain('=');
    }

    [Fact]
    public async Task the_signature_is_rsa_sha1_pkcs1_over_the_policy()
    {
        var keyPath = await OpenSsl.GenerateRsaKeyAsync(_folder);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(keyPath));
        const string policy = """{"Statement":[{"Resource":"https://cdn.example/x.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":2000000000}}}]}""";

        CloudFrontSigner.SignPolicy(rsa, policy).ShouldBe(await OpenSsl.CloudFrontSignatureAsync(keyPath, policy));
    }
}
