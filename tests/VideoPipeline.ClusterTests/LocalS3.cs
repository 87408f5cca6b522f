using System.Diagnostics;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests;

/// <summary>
/// An s3rver of its own (the one eng/infra.sh installed, on a port and data folder of its own) that a spec may stop and
/// start again at the same address, as an S3 endpoint that goes away for a while. Never the shared test endpoint.
/// </summary>
public sealed class LocalS3 : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private LocalS3(string folder, int port)
    {
        _folder = folder;
        Url = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Url { get; }

    public static async Task<LocalS3> StartAsync(string folder)
    {
        var s3 = new LocalS3(folder, ThrowawayPostgres.FreePort());
        await s3.UpAsync();
        return s3;
    }

    public async Task UpAsync()
    {
        var script = Path.Combine(Repository.Root, ".local", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed at {script}: run eng/infra.sh up --s3 (./test.sh does).");
        }

        var start = new ProcessStartInfo("node")
        {
            // Through the launcher eng/infra.sh uses, which stores a PUT whole or not at all, as S3 does: the specs kill nodes mid-PUT.
            ArgumentList = { Path.Combine(Repository.Root, "eng", "s3rver-atomic.js"), script, "--directory", Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName, "--address", "127.0.0.1",
                "--port", Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--configure-bucket", TestEnvironment.S3Bucket },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var answer = await client.GetAsync(Url);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The endpoint goes away: connections are refused until <see cref="UpAsync"/>.</summary>
    public async Task DownAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await DownAsync();
}
