using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The real store with an outage switch: while an outage is on, the matching calls fail the way an unreachable
/// store fails (<see cref="StorageUnavailableException"/>). A spec can also interfere just before a call (replace an
/// object at the moment processing downloads it). Everything else passes through to the real store.
/// </summary>
public sealed class StorageOutage(IObjectStorage store) : IObjectStorage
{
    private volatile Func<string, string, bool>? _failing;
    private volatile Func<string, string, Task>? _interference;

    /// <summary>Replaces the host's <see cref="IObjectStorage"/> with the same store behind an outage switch.</summary>
    public static void PutInFrontOfTheStore(IServiceCollection services)
    {
        var real = services.Single(d => d.ServiceType == typeof(IObjectStorage));
        services.Remove(real);
        services.AddSingleton<IObjectStorage>(provider => new StorageOutage(
            real.ImplementationInstance as IObjectStorage ?? (IObjectStorage)real.ImplementationFactory!(provider)));
    }

    /// <summary>Fails every call for which <paramref name="operationAndKey"/> is true, until <see cref="End"/>.</summary>
    public void Begin(Func<string, string, bool> operationAndKey) => _failing = operationAndKey;

    /// <summary>Runs <paramref name="beforeCall"/> (operation, key) before every call, until <see cref="End"/>.</summary>
    public void Interfere(Func<string, string, Task> beforeCall) => _interference = beforeCall;

    public void End()
    {
        _failing = null;
        _interference = null;
    }

    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null) =>
        store.PresignPut(key, contentType, expiresAt, maxBytes);

    public Uri PresignGet(string key, DateTimeOffset expiresAt) => store.PresignGet(key, expiresAt);

    public async Task<ObjectHead?> HeadAsync(string key, CancellationToken ct)
    {
        await CheckAsync("head", key);
        return await store.HeadAsync(key, ct);
    }

    public async Task<ObjectHead?> SealAsync(string key, CancellationToken ct)
    {
        await CheckAsync("seal", key);
        return await store.SealAsync(key, ct);
    }

    public async Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct)
    {
        await CheckAsync("download", key);
        await store.DownloadToFileAsync(key, path, expected, ct);
    }

    public async Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await CheckAsync("locate", key);
        return await store.LocateAsync(key, expected, expiresAt, ct);
    }

    public async Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct)
    {
        await CheckAsync("read", key);
        return await store.ReadAllBytesAsync(key, ct);
    }

    public async Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct)
    {
        await CheckAsync("upload", key);
        await store.UploadFileAsync(key, path, contentType, ct);
    }

    public async Task<int> DeleteAllAsync(string prefix, CancellationToken ct)
    {
        await CheckAsync("delete", prefix);
        return await store.DeleteAllAsync(prefix, ct);
    }

    private async Task CheckAsync(string operation, string key)
    {
        if (_interference is { } interfere)
        {
            await interfere(operation, key);
        }

        if (_failing?.Invoke(operation, key) == true)
        {
            throw new StorageUnavailableException($"Connection refused ({operation} {key}, simulated outage)");
        }
    }
}
