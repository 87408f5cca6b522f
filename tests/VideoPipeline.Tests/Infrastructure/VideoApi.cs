using System.Net.Http.Headers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
        string title = "A test clip", string fileName = "clip.mp4", string contentType = "video/mp4", long? sizeBytes = null, string key = DevKey,
        string? passthrough = null, Dictionary<string, string>? metadata = null, string[]? staticRenditions = null)
    {
        var result = await Host.Scenario(x =>
        {
            x.Post.Json(new { title, fileName, contentType, sizeBytes, passthrough, metadata, staticRenditions }).ToUrl("/upload/request");
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
            x.WithRequestHeader("X-Webhook-Signature", signature ?? Sign(body, app.Clock.GetUtcNow()));
            x.StatusCodeShouldBe(expectedStatus);
        });
    }

    /// <summary>Runs the action and waits until every message it caused (the transcode included) is handled; any handler failure fails the spec.</summary>
    public Task<ITrackedSession> AndWaitForTheQueue(Func<Task> action) => Host.AndWaitForTheQueueAsync(action);

    /// <summary>
    /// As <see cref="AndWaitForTheQueue"/>, for a spec that makes a handler fail on purpose until its retries run out:
    /// every exception the queue gave up on must be a <typeparamref name="TException"/>, and there must be at least one.
    /// (An attempt that fails and is then retried successfully is not an exception to the tracking.)
    /// </summary>
    public async Task<ITrackedSession> AndWaitForTheQueueFailingWith<TException>(Func<Task> action) where TException : Exception
    {
        var session = await Host.AndWaitForTheQueueAsync(action, expectExceptions: true);
        var thrown = session.AllExceptions();
        thrown.ShouldNotBeEmpty($"a handler was expected to throw {typeof(TException).Name}");
        thrown.ShouldAllBe(e => e is TException, string.Join("\n", thrown.Select(e => e.ToString())));
        return session;
    }

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

    public Task<IScenarioResult> PatchJsonAsync(string url, object body, int expectedStatus, string key = DevKey) =>
        Host.Scenario(x =>
        {
            x.Patch.Json(body).ToUrl(url);
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });

    public Task<IScenarioResult> DeleteAsync(string url, int expectedStatus, string key = DevKey) =>
        Host.Scenario(x =>
        {
            x.Delete.Url(url);
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });

    /// <summary>Requests an upload, PUTs the file and has storage report it, without waiting for what that starts.</summary>
    public async Task<UploadTicketDto> UploadAndReportAsync(string file, string key = DevKey, string? passthrough = null, Dictionary<string, string>? metadata = null)
    {
        var ticket = await RequestUploadAsync(key: key, passthrough: passthrough, metadata: metadata);
        await UploadAsync(ticket, file);
        await NotifyUploadAsync(new { key = ticket.Key, size = 1 });
        return ticket;
    }

    /// <summary>
    /// A video whose upload landed, cheaply: its file is not a video, so its processing fails at once and nothing runs on
    /// after the spec (waited for here).
    /// </summary>
    public async Task<Guid> UploadedVideoAsync(string key = DevKey, string? passthrough = null)
    {
        var notAVideo = await TestClips.NotAVideo();
        var videoId = Guid.Empty;
        await AndWaitForTheQueue(async () => videoId = (await UploadAndReportAsync(notAVideo, key, passthrough)).VideoId);
        return videoId;
    }

    /// <summary>POST /videos/{id}/captions: a multipart form of language, label and the file (left out when <paramref name="fileName"/> is null).</summary>
    public Task<IScenarioResult> AddCaptionAsync(
        Guid video, string language, string label, string text, string? fileName = "captions.vtt", int expectedStatus = 201, Encoding? encoding = null,
        string key = DevKey) =>
        Host.Scenario(x =>
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(language), "language" },
                { new StringContent(label), "label" },
            };
            if (fileName is not null)
            {
                var file = new ByteArrayContent((encoding ?? Encoding.UTF8).GetBytes(text));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, "file", fileName);
            }

            x.Post.MultipartFormData(form).ToUrl($"/videos/{video}/captions");
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });

    public Task<List<VideoEventDto>> EventsAsync(Guid id) => GetAsync<List<VideoEventDto>>($"/videos/{id}/events");

    /// <summary>Requests an upload, PUTs the file and has storage report it, then waits until processing is over.</summary>
    public async Task<Guid> UploadAndProcessAsync(string file, string fileName = "clip.mp4")
    {
        var ticket = await UploadedAsync(file, fileName);
        await AndWaitForTheQueue(() => NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        return ticket.VideoId;
    }

    /// <summary>As <see cref="UploadAndProcessAsync"/>, where processing is expected to fail with <typeparamref name="TException"/> until its retries run out (an outage a spec switched on).</summary>
    public async Task<Guid> UploadAndProcessFailingWithAsync<TException>(string file) where TException : Exception
    {
        var ticket = await UploadedAsync(file, "clip.mp4");
        await AndWaitForTheQueueFailingWith<TException>(() => NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        return ticket.VideoId;
    }

    private async Task<UploadTicketDto> UploadedAsync(string file, string fileName)
    {
        var ticket = await RequestUploadAsync(fileName: fileName, contentType: fileName.EndsWith(".webm", StringComparison.Ordinal) ? "video/webm" : "video/mp4");
        await UploadAsync(ticket, file);
        return ticket;
    }

    /// <summary>Runs the queue check now, as its recurring schedule would, and waits for the alert it raises.</summary>
    public Task<ITrackedSession> CheckTheQueueAsync() =>
        Host.TrackActivity(TimeSpan.FromMinutes(1)).ExecuteAndWaitAsync(_ =>
            new ValueTask(Host.Services.GetRequiredService<Wolverine.Runtime.Recurring.IRecurringScheduleControl>()
                .TriggerAsync(VideoPipeline.Operations.WatchingTheQueues.CheckQueueHealthHandler.ScheduleName, CancellationToken.None)));

    /// <summary>How many of the dead letters this video's failed attempts left are still in Wolverine's store, asked through its own API.</summary>
    public async Task<int> DeadLettersOfAsync(Guid videoId)
    {
        var ids = (await EventsAsync(videoId))
            .Where(e => e.Type == "ProcessingAttemptFailed" && e.Data.TryGetProperty("deadLetterId", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(e => e.Data.GetProperty("deadLetterId").GetGuid())
            .ToArray();
        if (ids.Length == 0)
        {
            return 0;
        }

        var store = Host.Services.GetRequiredService<Wolverine.Persistence.Durability.IMessageStore>();
        var found = await store.DeadLetters.QueryAsync(new Wolverine.Persistence.Durability.DeadLetterManagement.DeadLetterEnvelopeQuery(ids), CancellationToken.None);
        return found.Envelopes.Count(e => e.ArchivedAt is null);
    }

    /// <summary>Asks for a failed video to be retried and waits until the transcode it queues again has run.</summary>
    public Task<ITrackedSession> RetryAsync(Guid videoId) => AndWaitForTheQueue(() => PostAsync($"/videos/{videoId}/retry", 202));

    /// <summary>Sends the look at storage that requesting the upload scheduled, as its time would, and waits for what it starts.</summary>
    public Task<ITrackedSession> ReconcileAsync(Guid videoId, bool closeIfNothingLanded = false) =>
        Host.AndWaitForTheQueueAsync(bus => bus.InvokeAsync(new VideoPipeline.Modules.Uploads.ReconcilingUploads.ReconcileUpload(videoId, closeIfNothingLanded)));

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
