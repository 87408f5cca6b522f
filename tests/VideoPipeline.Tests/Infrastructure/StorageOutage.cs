using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// The real store with an outage switch: while an outage is on, the matching calls fail the way an unreachable
/// store fails (<see cref="StorageUnavailableException"/>). Everything else passes through to the real store.
/// </summary>
public sealed class StorageOutage(IObjectStorage store) : IObjectStorage
{
    private volatile Func<string, string, bool>? _failing;

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

    public void End() => _failing = null;

    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null) =>
        store.PresignPut(key, contentType, expiresAt, maxBytes);

    public Uri PresignGet(string key, DateTimeOffset expiresAt) => store.PresignGet(key, expiresAt);

    public Task<ObjectHead?> HeadAsync(string key, CancellationToken ct)
    {
        Check("head", key);
        return store.HeadAsync(key, ct);
    }

    public Task<ObjectHead?> SealAsync(string key, CancellationToken ct)
    {
        Check("seal", key);
        return store.SealAsync(key, ct);
    }

    public Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct)
    {
        Check("download", key);
        return store.DownloadToFileAsync(key, path, expected, ct);
    }

    public Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct)
    {
        Check("read", key);
        return store.ReadAllBytesAsync(key, ct);
    }

    public Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct)
    {
        Check("upload", key);
        return store.UploadFileAsync(key, path, contentType, ct);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        Check("delete", key);
        return store.DeleteAsync(key, ct);
    }

    private void Check(string operation, string key)
    {
        if (_failing?.Invoke(operation, key) == true)
        {
            throw new StorageUnavailableException($"Connection refused ({operation} {key}, simulated outage)");
        }
    }
}
