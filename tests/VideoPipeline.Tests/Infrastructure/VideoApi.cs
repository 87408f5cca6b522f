using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Wolverine;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>What a client of the HTTP API does, in the words of the contract.</summary>
public sealed class VideoApi(VideoPipelineApp app)
{
    public const string DevKey = "dev-key";
    public const string OtherOwnersKey = "dev-key-2";
    public const string AdminKey = "dev-admin-key";
    private static readonly HttpClient Storage = new();

    public IAlbaHost Host => app.Host;

    public async Task<UploadTicketDto> RequestUploadAsync(
        string title = "A test clip", string fileName = "clip.mp4", string contentType = "video/mp4", long? sizeBytes = null, string key = DevKey)
    {
        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new { title, fileName, contentType, sizeBytes }).ToUrl("/upload/request");
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<UploadTicketDto>())!;
    }

    /// <summary>PUTs the file to the presigned URL exactly as a browser would, with the headers the ticket names.</summary>
    public async Task UploadAsync(UploadTicketDto ticket, string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        if (ticket.Url.AbsolutePath.StartsWith("/storage/", StringComparison.Ordinal))
        {
            await Host.Scenario(x =>
            {
                x.Put.ByteArray(bytes).ToUrl(ticket.Url.AbsolutePath);
                x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(ticket.Url.Query));
                foreach (var (name, value) in ticket.Headers)
                {
                    // Alba's byte-array body sets its own Content-Type; the ticket's must replace it, not join it.
                    x.ConfigureHttpContext(http => http.Request.Headers[name] = value);
                }

                x.StatusCodeShouldBeSuccess();
            });
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, ticket.Url) { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in ticket.Headers)
        {
            if (!request.Content.Headers.TryAddWithoutValidation(name, value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Storage.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>PUTs one part of a multipart upload to its URL; returns the ETag the store answered.</summary>
    public async Task<string> UploadPartAsync(Uri url, byte[] bytes)
    {
        if (url.AbsolutePath.StartsWith("/storage/", StringComparison.Ordinal))
        {
            var result = await Host.Scenario(x =>
            {
                x.Put.ByteArray(bytes).ToUrl(url.AbsolutePath);
                x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(url.Query));
                x.StatusCodeShouldBeOk();
            });
            return result.Context.Response.Headers.ETag.ToString();
        }

        using var response = await Storage.PutAsync(url, new ByteArrayContent(bytes));
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    public static string Sign(string body, DateTimeOffset at, string secret = VideoPipelineApp.WebhookSecret)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>POSTs a storage notification, signed as the contract says unless the spec passes its own header.</summary>
    public Task<IScenarioResult> NotifyUploadAsync(object payload, int expectedStatus = 202, string? signature = null)
    {
        var body = JsonSerializer.Serialize(payload);
        return Host.Scenario(x =>
        {
            x.Post.Text(body).ToUrl("/webhook/s3-upload");
            x.WithRequestHeader("Content-Type", "application/json");
            x.WithRequestHeader("X-Webhook-Signature", signature ?? Sign(body, DateTimeOffset.UtcNow));
            x.StatusCodeShouldBe(expectedStatus);
        });
    }

    /// <summary>Runs the action and waits until every message it caused (the transcode included) is handled.</summary>
    public Task<ITrackedSession> AndWaitForTheQueue(Func<Task> action) =>
        Host.TrackActivity(TimeSpan.FromMinutes(2)).DoNotAssertOnExceptionsDetected().ExecuteAndWaitAsync(_ => new ValueTask(action()));

    public async Task<T> GetAsync<T>(string url, string key = DevKey, int expectedStatus = 200)
    {
        var result = await Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });
        return (await result.ReadAsJsonAsync<T>())!;
    }

    public Task<IScenarioResult> PostAsync(string url, int expectedStatus, string key = DevKey) =>
        Host.Scenario(x =>
        {
            x.Post.Url(url);
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>GETs one of the service's own signed URLs (an HLS playlist) the way a player does: no API key.</summary>
    public Task<IScenarioResult> GetSignedAsync(Uri url, int expectedStatus = 200, System.Net.IPAddress? from = null) =>
        Host.Scenario(x =>
        {
            x.Get.Url(url.AbsolutePath);
            x.ConfigureHttpContext(http =>
            {
                http.Request.QueryString = new QueryString(url.Query);
                http.Connection.RemoteIpAddress = from ?? http.Connection.RemoteIpAddress;
            });
            x.StatusCodeShouldBe(expectedStatus);
        });

    public Task<IScenarioResult> PostJsonAsync(string url, object body, int expectedStatus, string key = DevKey) =>
        Host.Scenario(x =>
        {
            x.Post.Json(body).ToUrl(url);
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });

    public Task<List<VideoEventDto>> EventsAsync(Guid id) => GetAsync<List<VideoEventDto>>($"/videos/{id}/events");

    /// <summary>Requests an upload, PUTs the file and has storage report it, then waits until processing is over.</summary>
    public async Task<Guid> UploadAndProcessAsync(string file, string fileName = "clip.mp4")
    {
        var ticket = await RequestUploadAsync(fileName: fileName, contentType: fileName.EndsWith(".webm", StringComparison.Ordinal) ? "video/webm" : "video/mp4");
        await UploadAsync(ticket, file);
        await AndWaitForTheQueue(() => NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        return ticket.VideoId;
    }

    /// <summary>Runs the upload reconciler once, as its timer would, and waits for what it starts.</summary>
    public async Task<ReconciliationReportDto> ReconcileAsync()
    {
        ReconciliationReportDto? report = null;
        await AndWaitForTheQueue(async () => report = await ReconcileOnceAsync());
        return report!;
    }

    /// <summary>Runs the upload reconciler once, without waiting for the transcodes it starts.</summary>
    public async Task<ReconciliationReportDto> ReconcileOnceAsync()
    {
        var result = await Host.MessageBus().InvokeAsync<VideoPipeline.Modules.Uploads.Reconcile.ReconciliationReport>(
            new VideoPipeline.Modules.Uploads.Reconcile.ReconcileUploads());
        return new ReconciliationReportDto(result.Checked, result.Completed, result.Expired);
    }

    public Task<VideoDto> VideoAsync(Guid id) => GetAsync<VideoDto>($"/videos/{id}");

    /// <summary>Downloads a signed URL from whichever store issued it, into a temp file.</summary>
    public async Task<string> DownloadAsync(Uri url, string extension)
    {
        var path = Path.Combine(app.StorageRoot, "downloads", Guid.NewGuid().ToString("N") + extension);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (url.AbsolutePath.StartsWith("/storage/", StringComparison.Ordinal))
        {
            var result = await Host.Scenario(x =>
            {
                x.Get.Url(url.AbsolutePath);
                x.ConfigureHttpContext(http => http.Request.QueryString = new QueryString(url.Query));
                x.StatusCodeShouldBeOk();
            });
            await using var file = File.Create(path);
            await result.Context.Response.Body.CopyToAsync(file);
            return path;
        }

        var bytes = await Storage.GetByteArrayAsync(url);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }
}
