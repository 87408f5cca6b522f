using System.Diagnostics;
using System.Net.Http.Headers;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>The service as a real child process (the built host, Development environment), for specs that kill it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _draining;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, Uri baseUrl, string logFile)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogFile = logFile;
        Client = new HttpClient { BaseAddress = baseUrl };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        _draining = Task.WhenAll(Drain(process.StandardOutput), Drain(process.StandardError));

        async Task Drain(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                await File.AppendAllTextAsync(logFile, line + Environment.NewLine);
                if (line.Contains("Now listening on", StringComparison.Ordinal))
                {
                    _listening.TrySetResult();
                }
            }
        }
    }

    public Uri BaseUrl { get; }

    public HttpClient Client { get; }

    /// <summary>Everything the process wrote to its console, for the failure message of a spec.</summary>
    public string LogFile { get; }

    public int Pid => _process.Id;

    public static Task<ServiceProcess> StartAsync(IDictionary<string, string> settings, string logFile) =>
        StartAsync(settings, logFile, ThrowawayPostgres.FreePort());

    /// <summary>Starts the service on <paramref name="port"/> (a node that comes back where its load balancer expects it).</summary>
    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string> settings, string logFile, int port)
    {
        var hostAssembly = Repository.HostAssembly;
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", $"\"{hostAssembly}\"")
        {
            WorkingDirectory = Path.GetDirectoryName(hostAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var service = new ServiceProcess(Process.Start(start)!, baseUrl, logFile);
        try
        {
            await service.WaitUntilLiveAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, children (ffmpeg) left running as orphans.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        await _draining;
    }

    /// <summary>SIGTERM, as an orchestrator stops a node: the service finishes what it can and hands the rest back.</summary>
    public async Task StopAsync()
    {
        await ChildProcess.RunAsync("kill", $"-TERM {_process.Id}");
        await _process.WaitForExitAsync();
        await _draining;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _draining;
        Client.Dispose();
        _process.Dispose();
    }

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);

    /// <summary>Waits for Kestrel's "Now listening on" in the process's own output, then checks it is live.</summary>
    private async Task WaitUntilLiveAsync()
    {
        var exited = _process.WaitForExitAsync();
        // Three nodes starting at once on a loaded 2-core machine took over 60 s (a fixture that never started, both specs lost).
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(StartPatience));
        if (first == exited)
        {
            await _draining;
            throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{await File.ReadAllTextAsync(LogFile)}");
        }

        if (first != _listening.Task)
        {
            throw new TimeoutException($"The service did not come up within {StartPatience.TotalSeconds} s:\n{await File.ReadAllTextAsync(LogFile)}");
        }

        using var response = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }
}
