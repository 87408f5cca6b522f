using System.Collections.Concurrent;
using Marten.Patching;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.Modules.Tenants.Directory;

/// <summary>A stored key as authentication needs it.</summary>
public sealed record KeyGrant(Guid Id, string OwnerId, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt)
{
    public bool HasExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;
}

/// <summary>
/// This node's view of the keys and owners stored as data, cached while <see cref="TenantChanges"/> listens for
/// revocations and changes of standing (every node forgets a revoked key within the notification's delivery time).
/// Unknown keys are never cached, so a key made on another node works here at once. A lookup that raced a notification
/// is not cached: the generation counter tells it one arrived while it read the database.
/// </summary>
public sealed class TenantDirectory(IDocumentStore store, TimeProvider clock, TenantsOptions options) : IOwnerStanding
{
    private const int Remembered = 10_000;
    private readonly ConcurrentDictionary<string, KeyGrant> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _suspended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUseWritten = new();
    private long _generation;
    private volatile bool _caching;

    /// <summary>The stored key with this SHA-256 (lowercase hex), or null.</summary>
    public async ValueTask<KeyGrant?> FindKeyAsync(string hash, CancellationToken ct)
    {
        if (_caching && _keys.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        await using var session = store.QuerySession();
        var key = await session.Query<StoredKey>().Where(k => k.Hash == hash).FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }

        var grant = new KeyGrant(key.Id, key.OwnerId, key.Scopes, key.ExpiresAt);
        Remember(_keys, hash, grant, generation);
        return grant;
    }

    public async ValueTask<bool> IsSuspendedAsync(string ownerId, CancellationToken ct)
    {
        if (_caching && _suspended.TryGetValue(ownerId, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        await using var session = store.QuerySession();
        var suspended = (await session.LoadAsync<TenantOwner>(ownerId, ct))?.Suspended ?? false;
        Remember(_suspended, ownerId, suspended, generation);
        return suspended;
    }

    /// <summary>Records that the key was used now, unless this node did so less than <see cref="TenantsOptions.LastUseResolution"/> ago.</summary>
    public async Task RecordUseAsync(KeyGrant key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = clock.GetUtcNow();
        if (_lastUseWritten.TryGetValue(key.Id, out var written) && now - written < options.LastUseResolution)
        {
            return;
        }

        _lastUseWritten[key.Id] = now;
        if (_lastUseWritten.Count > Remembered)
        {
            _lastUseWritten.Clear();
        }

        await using var session = store.LightweightSession();
        // A patch is an UPDATE: it cannot bring back a key revoked meanwhile.
        session.Patch<StoredKey>(key.Id).Set(k => k.LastUsedAt, now);
        await session.SaveChangesAsync(ct);
    }

    internal static string KeyEntry(string hash) => "key:" + hash;

    internal static string OwnerEntry(string ownerId) => "owner:" + ownerId;

    /// <summary>A notification: forget the key or the owner's standing it names.</summary>
    internal void Forget(string payload)
    {
        Interlocked.Increment(ref _generation);
        if (payload.StartsWith("key:", StringComparison.Ordinal))
        {
            _keys.TryRemove(payload["key:".Length..], out _);
        }
        else if (payload.StartsWith("owner:", StringComparison.Ordinal))
        {
            _suspended.TryRemove(payload["owner:".Length..], out _);
        }
    }

    /// <summary>Listening: what is cached from now on is kept until a notification says otherwise.</summary>
    internal void StartCaching()
    {
        Clear();
        _caching = true;
    }

    /// <summary>Not listening: notifications may be missed, so nothing cached is trusted.</summary>
    internal void StopCaching()
    {
        _caching = false;
        Clear();
    }

    private void Clear()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
        _suspended.Clear();
    }

    private void Remember<TValue>(ConcurrentDictionary<string, TValue> cache, string id, TValue value, long generation)
    {
        if (!_caching)
        {
            return;
        }

        if (cache.Count >= Remembered)
        {
            cache.Clear();
        }

        cache[id] = value;
        // A notification (or a clear) came while the database was read: what was read may be older than it.
        if (Interlocked.Read(ref _generation) != generation)
        {
            cache.TryRemove(id, out _);
        }
    }
}
