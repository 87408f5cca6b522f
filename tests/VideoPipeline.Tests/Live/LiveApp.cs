using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

/// <summary>
/// The service on a real port with a real ingest server beside it: Debian's nginx with its RTMP module
/// (<c>eng/live.sh</c>), calling the service back on loopback. Its RTMP port is <c>VP_RTMP_PORT</c> (default 19354), so
/// this collection runs beside the others without contending for it.
/// </summary>
public sealed class LiveApp : KestrelApp
{
    public const string CallbackSecret = "dev-live-callback-secret";

    private readonly int _controlPort = FreePort();
    private Process? _ingest;

    public int RtmpPort { get; } = int.Parse(Environment.GetEnvironmentVariable("VP_RTMP_PORT") ?? "19354", CultureInfo.InvariantCulture);

    public string IngestFolder { get; } = Path.Combine(Path.GetTempPath(), "videopipeline-tests", "ingest-" + Guid.NewGuid().ToString("N"));

    public Uri RtmpUrl => new($"rtmp://127.0.0.1:{RtmpPort}/live");

    /// <summary>The service's own SRT listener (libsrt, in the service's process), on a free UDP port.</summary>
    public int SrtPort { get; } = ThrowawayPostgres.FreeUdpPort();

    protected override string DatabaseName => "live";

    protected override IDictionary<string, string?> MoreSettings() => new Dictionary<string, string?>
    {
        ["VideoPipeline:Live:RtmpUrl"] = RtmpUrl.ToString(),
        ["VideoPipeline:Live:RtmpReadUrl"] = RtmpUrl.ToString(),
        ["VideoPipeline:Live:ControlUrl"] = $"http://127.0.0.1:{_controlPort}/control",
        ["VideoPipeline:Live:CallbackSecret"] = CallbackSecret,
        ["VideoPipeline:Live:SrtListen"] = $"127.0.0.1:{SrtPort}",
        ["VideoPipeline:Live:SrtUrl"] = $"srt://127.0.0.1:{SrtPort}",
        // The simulcast specs' receivers listen on loopback, which the network guard refuses unless allowed.
        ["VideoPipeline:Network:AllowedPrivateHosts:0"] = "127.0.0.1",
        // The specs' streams are never cleaned up between specs (the collection shares one owner).
        ["VideoPipeline:Quotas:Defaults:liveStreams"] = "1000",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ChildProcess.RunAsync("bash", $"eng/live.sh conf {IngestFolder} 127.0.0.1:{RtmpPort} {_controlPort} {BaseUrl.ToString().TrimEnd('/')} {CallbackSecret}");
        _ingest = Process.Start(new ProcessStartInfo("bash", $"eng/live.sh start {IngestFolder}") { WorkingDirectory = Repository.Root })!;
        await Eventually.WaitForAsync(AcceptsAsync, accepts => accepts, TimeSpan.FromSeconds(10), $"the ingest server on RTMP port {RtmpPort}");
    }

    public override async Task DisposeAsync()
    {
        if (_ingest is { HasExited: false })
        {
            _ingest.Kill(entireProcessTree: true);
            await _ingest.WaitForExitAsync();
        }

        _ingest?.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(IngestFolder))
        {
            Directory.Delete(IngestFolder, recursive: true);
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", RtmpPort);
            return true;
        }
        catch (SocketException)
        {
            return _ingest is { HasExited: true } ? throw new InvalidOperationException($"The ingest server exited: see {IngestFolder}/logs/error.log") : false;
        }
    }
}

[CollectionDefinition(Name)]
[TakesAbout(120)]
public sealed class LiveCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "live streaming through a real ingest server";
}
