using System.Net;
using System.Net.Sockets;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of its own, started with eng/infra.sh in a temp folder, that a spec may kill -9 and start again
/// (the next start runs PostgreSQL's crash recovery). Never the shared test cluster.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private ThrowawayPostgres(string folder, int port)
    {
        Folder = folder;
        Port = port;
        _environment = new() { ["VP_LOCAL"] = folder, ["VP_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    public string Folder { get; }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=videopipeline;Username=postgres";

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "videopipeline-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var postgres = new ThrowawayPostgres(folder, FreePort());
        await postgres.UpAsync();
        return postgres;
    }

    public Task UpAsync() => ChildProcess.RunAsync(Path.Combine(Repository.Root, "eng", "infra.sh"), "up", _environment);

    /// <summary>kill -9 of the postmaster and every backend, as a power cut would.</summary>
    public Task KillAsync()
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(Folder, "pids", "postgres.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return ChildProcess.KillSessionOfAsync(pid);
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.RunAsync(Path.Combine(Repository.Root, "eng", "infra.sh"), "down", _environment);
        Directory.Delete(Folder, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A UDP port nothing listens on now (an SRT listener's).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
