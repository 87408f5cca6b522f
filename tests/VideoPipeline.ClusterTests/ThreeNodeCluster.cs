using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests;

/// <summary>
/// Three nodes of the service as real processes behind Debian's nginx, sharing a PostgreSQL cluster of their own and an
/// s3rver of their own, so specs can kill, restart and cut off any of them. Specs reach the service through the balancer
/// (<see cref="Client"/>) or one node directly (<see cref="Node"/>). Each node has its live ingest server beside it
/// (<c>eng/live.sh</c>) and its own SRT listener, and the balancer takes RTMP and SRT too (<see cref="RtmpUrl"/>, <see cref="SrtUrl"/>).
/// </summary>
public sealed class ThreeNodeCluster : IAsyncLifetime
{
    public const int NodeCount = 3;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "videopipeline-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int[] _ports = Enumerable.Range(0, NodeCount).Select(_ => ThrowawayPostgres.FreePort()).ToArray();
    private readonly ServiceProcess?[] _nodes = new ServiceProcess?[NodeCount];
    private readonly int[] _starts = new int[NodeCount];
    private readonly int[] _rtmpPorts = Enumerable.Range(0, NodeCount).Select(_ => ThrowawayPostgres.FreePort()).ToArray();
    private readonly int[] _controlPorts = Enumerable.Range(0, NodeCount).Select(_ => ThrowawayPostgres.FreePort()).ToArray();
    private readonly Process?[] _ingests = new Process?[NodeCount];
    private readonly int _balancerRtmpPort = ThrowawayPostgres.FreePort();
    private readonly int[] _srtPorts = Enumerable.Range(0, NodeCount).Select(_ => ThrowawayPostgres.FreeUdpPort()).ToArray();
    private readonly int _balancerSrtPort = ThrowawayPostgres.FreeUdpPort();
    private Process? _balancer;

    public const string LiveCallbackSecret = "cluster-live-callback-secret";

    /// <summary>Where publishers connect: the balancer's RTMP, in front of every node's ingest server.</summary>
    public Uri RtmpUrl => new($"rtmp://127.0.0.1:{_balancerRtmpPort}/live");

    /// <summary>Where SRT publishers call: the balancer's UDP port, in front of every node's own SRT listener.</summary>
    public Uri SrtUrl => new($"srt://127.0.0.1:{_balancerSrtPort}");

    public ThrowawayPostgres Postgres { get; private set; } = null!;

    public LocalS3 S3 { get; private set; } = null!;

    /// <summary>The service as clients see it: nginx in front of the three nodes, with the Development owner's key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public ServiceProcess Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"node-{index + 1} is not running");

    public static string NodeName(int index) => $"node-{index + 1}";

    public string TempRootOf(int index) => Path.Combine(_folder, "tmp", NodeName(index));

    public async Task InitializeAsync()
    {
        try
        {
            await StartEverythingAsync();
        }
        catch
        {
            // xUnit does not dispose a fixture that failed to start: stop whatever did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartEverythingAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "logs"));
        Postgres = await ThrowawayPostgres.StartAsync();
        S3 = await LocalS3.StartAsync(Path.Combine(_folder, "s3"));
        await Task.WhenAll(Enumerable.Range(0, NodeCount).Select(StartAsync));

        var balancerPort = ThrowawayPostgres.FreePort();
        var balancerFolder = Path.Combine(_folder, "nginx");
        await ChildProcess.RunAsync(Path.Combine(Repository.Root, "eng", "cluster.sh"),
            $"conf {balancerFolder} {balancerPort} {string.Join(' ', _ports)} --rtmp 127.0.0.1:{_balancerRtmpPort} {string.Join(' ', _rtmpPorts)} --srt 127.0.0.1:{_balancerSrtPort} {string.Join(' ', _srtPorts)}");
        _balancer = Process.Start(new ProcessStartInfo("nginx", $"-p {balancerFolder} -c {Path.Combine(balancerFolder, "nginx.conf")}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{balancerPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        await WaitUntilAsync(async () => (await Client.GetAsync(new Uri("/health/live", UriKind.Relative))).IsSuccessStatusCode, "nginx to answer", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_balancer is { HasExited: false })
        {
            _balancer.Kill(entireProcessTree: true);
            await _balancer.WaitForExitAsync();
        }

        _balancer?.Dispose();
        foreach (var node in _nodes.Where(n => n is not null))
        {
            await node!.DisposeAsync();
        }

        for (var index = 0; index < NodeCount; index++)
        {
            await StopIngestAsync(index);
        }

        if (S3 is not null)
        {
            await S3.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Starts node <paramref name="index"/> (again) on its port, with its name and temp folder, as an orchestrator would.</summary>
    public async Task StartAsync(int index)
    {
        await StartIngestAsync(index);
        _starts[index]++;
        _nodes[index] = await ServiceProcess.StartAsync(Settings(index), Path.Combine(_folder, "logs", $"{NodeName(index)}-run{_starts[index]}.log"), _ports[index]);
    }

    /// <summary>SIGTERM, then the node again: one step of a rolling restart.</summary>
    public async Task RestartAsync(int index)
    {
        await Node(index).StopAsync();
        await Node(index).DisposeAsync();
        _nodes[index] = null;
        await StartAsync(index);
    }

    /// <summary>kill -9 of the node and of its ingest server (the machine is lost): no shutdown of any kind, its ffmpeg left running.</summary>
    public async Task KillAsync(int index)
    {
        await Node(index).KillAsync();
        await Node(index).DisposeAsync();
        _nodes[index] = null;
        await StopIngestAsync(index);
    }

    /// <summary>The node's ingest server (Debian's nginx with its RTMP module), calling the node back on loopback.</summary>
    private async Task StartIngestAsync(int index)
    {
        if (_ingests[index] is { HasExited: false })
        {
            return;
        }

        var folder = Path.Combine(_folder, "ingest", NodeName(index));
        await ChildProcess.RunAsync(Path.Combine(Repository.Root, "eng", "live.sh"),
            $"conf {folder} 127.0.0.1:{_rtmpPorts[index]} {_controlPorts[index]} http://127.0.0.1:{_ports[index]} {LiveCallbackSecret}");
        _ingests[index]?.Dispose();
        _ingests[index] = Process.Start(new ProcessStartInfo("nginx", $"-p {folder} -c {Path.Combine(folder, "nginx.conf")}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }

    private async Task StopIngestAsync(int index)
    {
        if (_ingests[index] is { HasExited: false } ingest)
        {
            ingest.Kill(entireProcessTree: true);
            await ingest.WaitForExitAsync();
        }

        _ingests[index]?.Dispose();
        _ingests[index] = null;
    }

    /// <summary>What every node wrote to its console so far, for a failure message.</summary>
    public string Logs() => string.Join("\n", Directory.EnumerateFiles(Path.Combine(_folder, "logs"), "*.log").Order()
        .Select(f => $"==== {Path.GetFileName(f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(40))));

    /// <summary>The errors every node logged so far (each with the lines after it: its exception), for a failure message.</summary>
    public string Errors() => string.Join("\n", Directory.EnumerateFiles(Path.Combine(_folder, "logs"), "*.log").Order().SelectMany(f =>
    {
        var lines = File.ReadAllLines(f);
        return lines.Select((line, i) => (line, i)).Where(x => x.line.Contains(" ERR]", StringComparison.Ordinal))
            .SelectMany(x => lines.Skip(x.i).Take(12).Prepend($"==== {Path.GetFileName(f)}"));
    }));

    /// <summary>A client of the balancer with another owner's key.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = Client.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>
    /// Requests an upload through the balancer (as <paramref name="owner"/>, or the Development owner), PUTs the clip to S3
    /// and reports it with the signed webhook, as a client and its bucket would.
    /// </summary>
    public async Task<Guid> UploadAsync(string clip, string title = "Cluster spec", HttpClient? owner = null)
    {
        var client = owner ?? Client;
        using var requested = await SendWithRetriesAsync(() => client.PostAsJsonAsync("/upload/request", new { title, fileName = "clip.mp4", contentType = "video/mp4" }));
        var ticket = (await requested.Content.ReadFromJsonAsync<UploadTicketDto>(Json))!;

        using var storage = new HttpClient();
        using var put = new ByteArrayContent(await File.ReadAllBytesAsync(clip));
        put.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var uploaded = await storage.PutAsync(ticket.Url, put);
        uploaded.EnsureSuccessStatusCode();

        var body = JsonSerializer.Serialize(new { key = ticket.Key, size = new FileInfo(clip).Length });
        using var notified = await SendWithRetriesAsync(() =>
        {
            var notification = new StringContent(body, Encoding.UTF8, "application/json");
            notification.Headers.Add("X-Webhook-Signature", VideoApi.Sign(body, DateTimeOffset.UtcNow));
            return Client.PostAsync(new Uri("/webhook/s3-upload", UriKind.Relative), notification);
        });
        return ticket.VideoId;
    }

    public async Task<VideoDto> VideoAsync(Guid id, HttpClient? owner = null) =>
        (await (await SendWithRetriesAsync(() => (owner ?? Client).GetAsync(new Uri($"/videos/{id}", UriKind.Relative)))).Content.ReadFromJsonAsync<VideoDto>(Json))!;

    public async Task<List<VideoEventDto>> EventsAsync(Guid id, HttpClient? owner = null) =>
        (await (await SendWithRetriesAsync(() => (owner ?? Client).GetAsync(new Uri($"/videos/{id}/events", UriKind.Relative)))).Content.ReadFromJsonAsync<List<VideoEventDto>>(Json))!;

    /// <summary>Polls the video (through the balancer) until <paramref name="condition"/> holds; these specs take nodes and the database away, so no single connection can be waited on.</summary>
    public async Task<VideoDto> WaitForVideoAsync(Guid id, Func<VideoDto, bool> condition, string what, TimeSpan timeout, HttpClient? owner = null)
    {
        VideoDto? video = null;
        try
        {
            await WaitUntilAsync(async () =>
            {
                video = await VideoAsync(id, owner);
                return condition(video);
            }, $"video {id} {what}", timeout);
        }
        catch (TimeoutException waited)
        {
            throw new TimeoutException($"{waited.Message} Last seen: {JsonSerializer.Serialize(video, Json)}\n{Logs()}", waited);
        }

        return video!;
    }

    /// <summary>The nodes' Prometheus counter <paramref name="name"/>, summed over the nodes that are running.</summary>
    public async Task<double> CounterSumAsync(string name)
    {
        var sum = 0.0;
        foreach (var node in _nodes.Where(n => n is not null))
        {
            var text = await node!.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            sum += text.Split('\n').Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        }

        return sum;
    }

    /// <summary>
    /// A client's patience with a service under a fault: an answer of 502/503 (no node could take it, the database is
    /// restarting) or a refused connection is asked again, a bounded number of times.
    /// </summary>
    public static async Task<HttpResponseMessage> SendWithRetriesAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await send();
                if (response.IsSuccessStatusCode || attempt == 60 || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError))
                {
                    return response.EnsureSuccessStatusCode();
                }

                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < 60)
            {
            }

            await Task.Delay(500);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < timeout)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(250);
        }
    }

    private Dictionary<string, string> Settings(int index)
    {
        var settings = VideoPipelineApp.CommonSettings(Postgres.ConnectionString, _folder)
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key, s => s.Value!);
        settings["VideoPipeline:NodeName"] = NodeName(index);
        settings["VideoPipeline:Queue:DurabilityMode"] = "Balanced";
        settings["VideoPipeline:Processing:TempRoot"] = TempRootOf(index);
        settings["VideoPipeline:Logging:FilePath"] = Path.Combine(_folder, "logs", $"{NodeName(index)}-.json");
        // A storage outage of 30 s is outlasted by the production cooldowns (2 s, 10 s, 30 s), not by the specs' short ones.
        settings["VideoPipeline:Processing:RetryCooldowns:0"] = "00:00:02";
        settings["VideoPipeline:Processing:RetryCooldowns:1"] = "00:00:10";
        settings["VideoPipeline:Processing:RetryCooldowns:2"] = "00:00:30";
        settings["VideoPipeline:Alerts:CheckSchedule"] = "*/5 * * * * *";
        // Every owner may have this many uploads pending (HoldingQuotasAcrossNodes fills it), and each node adds up its API calls every second.
        settings["VideoPipeline:Quotas:Defaults:pendingUploads"] = Cluster.HoldingQuotasAcrossNodes.PendingUploads.ToString(CultureInfo.InvariantCulture);
        settings["VideoPipeline:Usage:ApiCallFlushInterval"] = "00:00:01";
        settings["VideoPipeline:Live:RtmpUrl"] = RtmpUrl.ToString();
        settings["VideoPipeline:Live:RtmpReadUrl"] = $"rtmp://127.0.0.1:{_rtmpPorts[index]}/live";
        settings["VideoPipeline:Live:ControlUrl"] = $"http://127.0.0.1:{_controlPorts[index]}/control";
        settings["VideoPipeline:Live:CallbackSecret"] = LiveCallbackSecret;
        settings["VideoPipeline:Live:SrtListen"] = $"127.0.0.1:{_srtPorts[index]}";
        settings["VideoPipeline:Live:SrtUrl"] = SrtUrl.ToString();
        // A node killed mid-broadcast is taken for lost within 3 s (production: 10 s).
        settings["VideoPipeline:Live:IngestLease"] = "00:00:03";
        settings["VideoPipeline:Storage:Backend"] = "S3";
        settings["VideoPipeline:Storage:S3:ServiceUrl"] = S3.Url.ToString();
        settings["VideoPipeline:Storage:S3:Bucket"] = TestEnvironment.S3Bucket;
        settings["VideoPipeline:Storage:S3:AccessKey"] = "S3RVER";
        settings["VideoPipeline:Storage:S3:SecretKey"] = "S3RVER";
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ThreeNodeCluster>
{
    public const string Name = "three nodes behind nginx";
}
