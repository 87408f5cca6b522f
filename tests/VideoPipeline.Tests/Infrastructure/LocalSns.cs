using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// Plays Amazon SNS's part over real HTTP: serves its signing certificate and the subscription-confirmation URL, and
/// signs messages with its own RSA key exactly as SNS documents it.
/// </summary>
public sealed class LocalSns : IAsyncDisposable
{
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:video-uploads";

    private readonly RSA _key = RSA.Create(2048);
    private WebApplication _server = null!;
    private int _certificateFetches;
    private int _failingFetches;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri CertificateUrl => new(BaseUrl, "SimpleNotificationService.pem");

    public ConcurrentQueue<string> Confirmations { get; } = new();

    /// <summary>How often the signing certificate was downloaded, under any of its URLs.</summary>
    public int CertificateFetches => Volatile.Read(ref _certificateFetches);

    /// <summary>The next this many certificate downloads answer 500, as a flaky SNS would.</summary>
    public int FailNextCertificateFetches
    {
        set => Volatile.Write(ref _failingFetches, value);
    }

    /// <summary>Another URL of the same certificate (SNS serves one per key rotation).</summary>
    public Uri CertificateUrlNamed(string name) => new(BaseUrl, $"certs/{name}.pem");

    public static async Task<LocalSns> StartAsync()
    {
        var sns = new LocalSns();
        var certificate = new CertificateRequest("CN=sns.test", sns._key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = certificate.ExportCertificatePem();

        var port = ThrowawayPostgres.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        sns._server = builder.Build();
        sns._server.MapGet("/SimpleNotificationService.pem", () => sns.ServeCertificate(pem));
        sns._server.MapGet("/certs/{name}.pem", (string name) => sns.ServeCertificate(pem));
        sns._server.MapGet("/confirm", (string token) =>
        {
            sns.Confirmations.Enqueue(token);
            return Results.Text("<ConfirmSubscriptionResponse/>", "text/xml");
        });
        await sns._server.StartAsync();
        sns.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        return sns;
    }

    private IResult ServeCertificate(string pem)
    {
        Interlocked.Increment(ref _certificateFetches);
        return Interlocked.Decrement(ref _failingFetches) >= 0
            ? Results.StatusCode(StatusCodes.Status500InternalServerError)
            : Results.Text(pem, "application/x-pem-file");
    }

    /// <summary>An SNS Notification carrying <paramref name="message"/>, signed with signature version 1 (SHA1) or 2 (SHA256).</summary>
    public string Notification(string message, int signatureVersion = 2, string topicArn = TopicArn, Uri? certificateUrl = null)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Message"] = message,
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["Subject"] = "Amazon S3 Notification",
            ["Timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["TopicArn"] = topicArn,
            ["Type"] = "Notification",
        };
        return Signed(fields, signatureVersion, certificateUrl);
    }

    public string SubscriptionConfirmation(string token, Uri? subscribeUrl = null)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Message"] = $"You have chosen to subscribe to the topic {TopicArn}.",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["SubscribeURL"] = (subscribeUrl ?? new Uri(BaseUrl, $"confirm?token={token}")).ToString(),
            ["Timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["Token"] = token,
            ["TopicArn"] = TopicArn,
            ["Type"] = "SubscriptionConfirmation",
        };
        return Signed(fields, 2, null);
    }

    /// <summary>Tampers with a signed message's text after signing.</summary>
    public static string WithMessage(string signedBody, string message)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(signedBody)!;
        fields["Message"] = message;
        return JsonSerializer.Serialize(fields);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }

    // SNS signs "Name\nValue\n" for each signed field, in byte order of the names.
    private string Signed(SortedDictionary<string, string> fields, int signatureVersion, Uri? certificateUrl)
    {
        var canonical = string.Concat(fields.Select(f => $"{f.Key}\n{f.Value}\n"));
        var hash = signatureVersion == 1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var body = new Dictionary<string, string>(fields)
        {
            ["SignatureVersion"] = signatureVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Signature"] = Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(canonical), hash, RSASignaturePadding.Pkcs1)),
            ["SigningCertURL"] = (certificateUrl ?? CertificateUrl).ToString(),
        };
        return JsonSerializer.Serialize(body);
    }
}
