using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The service on a real Kestrel port with the embedded store, for clients that run outside the test process
/// (ffprobe playing HLS and DASH): Alba's in-memory server cannot be reached by them.
/// </summary>
public class KestrelApp : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", Guid.NewGuid().ToString("N"));

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromMinutes(2) };

    public IServiceProvider Services => _factory.Services;

    public virtual async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        var settings = VideoPipelineApp.CommonSettings(await TestEnvironment.DatabaseAsync(DatabaseName), StorageRoot);
        foreach (var (key, value) in StorageSettings().Concat(MoreSettings()))
        {
            settings[key] = value;
        }

        // The browser's multipart uploads, with a file of a few parts.
        settings["VideoPipeline:Uploads:MultipartThresholdBytes"] = (6 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["VideoPipeline:Uploads:PartSizeBytes"] = (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Program ends in RunJasperFxCommands: without this, a WebApplicationFactory host enters command-line mode and never
        // listens (Alba sets it for its own hosts, which is why this fixture only worked after one of them had started).
        JasperFxEnvironment.AutoStartHost = true;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _factory.StartServer();
        Client.BaseAddress = BaseUrl;
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        (await Client.GetAsync(new Uri("/health/live", UriKind.Relative))).EnsureSuccessStatusCode();
    }

    protected virtual string DatabaseName => "kestrel";

    /// <summary>What a variant sets beside the storage (the live ingest server's addresses).</summary>
    protected virtual IDictionary<string, string?> MoreSettings() => new Dictionary<string, string?>();

    protected virtual IDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>(VideoPipelineApp.EmbeddedStore(StorageRoot))
    {
        ["VideoPipeline:Storage:FileSystem:PublicBaseUrl"] = BaseUrl.ToString(),
    };

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }

    /// <summary>
    /// A video of <paramref name="file"/> uploaded and processed once for all the specs of this host that only read it or
    /// are refused on it: none may change or delete it (a spec that does makes its own with <see cref="UploadAndProcessAsync"/>).
    /// </summary>
    public Task<Guid> ProcessedOnceAsync(string file) => _processedOnce.GetOrAdd(file, f => new Lazy<Task<Guid>>(() => UploadAndProcessAsync(f))).Value;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<Guid>>> _processedOnce = new();

    /// <summary>Request, PUT and complete over the socket, what a real client does, waiting on the queue until processing is over.</summary>
    public async Task<Guid> UploadAndProcessAsync(string file)
    {
        var (videoId, processing) = await UploadAsync(file);
        await processing;
        return videoId;
    }

    /// <summary>Request, PUT and complete over the socket; the task ends when the queue has processed the video, which must end processed.</summary>
    public async Task<(Guid VideoId, Task Processing)> UploadAsync(string file)
    {
        var ticket = await RequestAsync(VideoApi.DevKey);
        using (var put = new HttpRequestMessage(HttpMethod.Put, ticket.Url) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(file)) })
        {
            put.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp4");
            // The presigned URL is the credential: no API key goes to storage (S3 refuses a request with two).
            (await Storage.SendAsync(put)).EnsureSuccessStatusCode();
        }

        return (ticket.VideoId, ProcessAsync(ticket.VideoId));
    }

    private async Task ProcessAsync(Guid videoId)
    {
        await Services.GetRequiredService<IHost>().AndWaitForTheQueueAsync(() => CompleteAsync(videoId));
        var video = (await Client.GetFromJsonAsync<VideoDto>(new Uri($"/videos/{videoId}", UriKind.Relative)))!;
        video.Status.ShouldBe("processed", video.LastError);
    }

    private async Task CompleteAsync(Guid videoId) =>
        (await Client.PostAsync(new Uri($"/videos/{videoId}/complete", UriKind.Relative), content: null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

    /// <summary>Asks for an upload as the holder of <paramref name="key"/>, and nothing more.</summary>
    public async Task<Guid> RequestUploadAsync(string key) => (await RequestAsync(key)).VideoId;

    private async Task<UploadTicketDto> RequestAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/upload/request", UriKind.Relative))
        {
            Content = JsonContent.Create(new { title = "Over Kestrel", fileName = "clip.mp4", contentType = "video/mp4" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UploadTicketDto>())!;
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The service on a real Kestrel port storing in S3 (s3rver): players fetch playlists from it and media from S3.</summary>
public sealed class KestrelS3App : KestrelApp
{
    protected override string DatabaseName => "kestrel_s3";

    protected override IDictionary<string, string?> StorageSettings() => TestEnvironment.S3StorageSettings();
}

[CollectionDefinition(Name)]
[TakesAbout(280)]
public sealed class KestrelCollection : ICollectionFixture<KestrelApp>
{
    public const string Name = "service on a real port";
}

[CollectionDefinition(Name)]
[TakesAbout(40)]
public sealed class KestrelS3Collection : ICollectionFixture<KestrelS3App>
{
    public const string Name = "service on a real port, storing in S3";
}
