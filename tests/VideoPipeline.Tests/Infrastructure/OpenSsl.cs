using System.Diagnostics;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>The openssl command line, as an independent implementation to check the service's cryptography against.</summary>
public static class OpenSsl
{
    public static async Task<byte[]> RunAsync(params string[] arguments)
    {
        using var openssl = Process.Start(new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var output = new MemoryStream();
        var errors = openssl.StandardError.ReadToEndAsync();
        await openssl.StandardOutput.BaseStream.CopyToAsync(output);
        await openssl.WaitForExitAsync();
        openssl.ExitCode.ShouldBe(0, $"openssl {string.Join(' ', arguments)}: {await errors}");
        return output.ToArray();
    }

    /// <summary>A fresh 2048-bit RSA private key (PEM) in <paramref name="folder"/>; returns its path.</summary>
    public static async Task<string> GenerateRsaKeyAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"cloudfront-{Guid.NewGuid():N}.pem");
        await RunAsync("genrsa", "-out", path, "2048");
        return path;
    }

    /// <summary>What CloudFront's documentation does: <c>openssl sha1 -sign key | base64 | tr '+=/' '-_~'</c>.</summary>
    public static async Task<string> CloudFrontSignatureAsync(string privateKeyPath, string policy)
    {
        var policyPath = Path.Combine(Path.GetDirectoryName(privateKeyPath)!, $"policy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(policyPath, policy);
        var signature = await RunAsync("sha1", "-sign", privateKeyPath, policyPath);
        return Convert.ToBase64String(signature).Replace('+', '-').Replace('=', '_').Replace('/', '~');
    }
}
