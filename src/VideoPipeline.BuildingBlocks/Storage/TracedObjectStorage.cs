using System.Diagnostics;
using VideoPipeline.BuildingBlocks.Observability;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>Every call that reaches the store is a span (<c>storage head</c>, <c>storage upload</c>, ...) naming the key; presigning stays local and is not traced.</summary>
internal sealed class TracedObjectStorage(IObjectStorage store) : IObjectStorage
{
    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null) =>
        store.PresignPut(key, contentType, expiresAt, maxBytes);

    public Uri PresignGet(string key, DateTimeOffset expiresAt) => store.PresignGet(key, expiresAt);

    public Task<ObjectHead?> HeadAsync(string key, CancellationToken ct) => TraceAsync("head", key, () => store.HeadAsync(key, ct));

    public Task<ObjectHead?> SealAsync(string key, CancellationToken ct) => TraceAsync("seal", key, () => store.SealAsync(key, ct));

    public Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct) =>
        TraceAsync("download", key, async () =>
        {
            await store.DownloadToFileAsync(key, path, expected, ct);
            return true;
        });

    public Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct) =>
        TraceAsync("locate", key, () => store.LocateAsync(key, expected, expiresAt, ct));

    public Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct) => TraceAsync("read", key, () => store.ReadAllBytesAsync(key, ct));

    public Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct) =>
        TraceAsync("upload", key, async () =>
        {
            await store.UploadFileAsync(key, path, contentType, ct);
            return true;
        });

    public Task<int> DeleteAllAsync(string prefix, CancellationToken ct) => TraceAsync("delete all", prefix, () => store.DeleteAllAsync(prefix, ct));

    private static async Task<T> TraceAsync<T>(string operation, string key, Func<Task<T>> call)
    {
        using var span = Tracing.Source.StartActivity($"storage {operation}", ActivityKind.Client);
        span?.SetTag("storage.key", key);
        try
        {
            return await call();
        }
        catch (Exception failure)
        {
            span?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw;
        }
    }
}
