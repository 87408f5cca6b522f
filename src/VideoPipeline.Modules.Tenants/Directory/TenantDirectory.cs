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
/// This node's view of the keys (API keys, signing keys), playback restrictions and owners stored as data, cached while <see cref="TenantChanges"/> listens for
/// deletions and changes of standing (every node forgets a revoked key within the notification's delivery time).
/// Unknown keys are never cached, so a key made on another node works here at once. A lookup that raced a notification
/// is not cached: the generation counter tells it one arrived while it read the database. The node that decides a
/// change forgets the entry at once and does not cache it again until its own notification arrives (after the commit).
/// </summary>
public sealed class TenantDirectory(IDocumentStore store, TimeProvider clock, TenantsOptions options) : IOwnerStanding, IPlaybackKeys
{
    private const int Remembered = 10_000;
    private readonly ConcurrentDictionary<string, KeyGrant> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _suspended = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlaybackSigningKey> _signingKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlaybackRestriction> _restrictions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUseWritten = new();

    /// <summary>Entries this node changed and whose notification has not come back yet: read from the database, never cached.</summary>
    private readonly ConcurrentDictionary<string, byte> _changing = new(StringComparer.Ordinal);
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
        Remember(_keys, KeyEntry(hash), hash, grant, generation);
        return grant;
    }

    public ValueTask<PlaybackSigningKey?> FindSigningKeyAsync(Guid id, CancellationToken ct) =>
        FindAsync<StoredSigningKey, PlaybackSigningKey>(_signingKeys, SigningKeyEntry(id), id, key => key.ToVerify(), ct);

    public ValueTask<PlaybackRestriction?> FindRestrictionAsync(Guid id, CancellationToken ct) =>
        FindAsync<StoredPlaybackRestriction, PlaybackRestriction>(_restrictions, RestrictionEntry(id), id, restriction => restriction.ToCheck(), ct);

    /// <summary>A document by id, as <paramref name="view"/> makes it, through the cache; a missing one is never cached.</summary>
    private async ValueTask<TView?> FindAsync<TDocument, TView>(
        ConcurrentDictionary<string, TView> cache, string entry, Guid id, Func<TDocument, TView> view, CancellationToken ct)
        where TDocument : notnull
        where TView : class
    {
        var cacheId = id.ToString("N");
        if (_caching && cache.TryGetValue(cacheId, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        await using var session = store.QuerySession();
        if (await session.LoadAsync<TDocument>(id, ct) is not { } document)
        {
            return null;
        }

        var found = view(document);
        Remember(cache, entry, cacheId, found, generation);
        return found;
    }

    public async Task<IReadOnlySet<string>> SuspendedAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var suspended = await session.Query<TenantOwner>().Where(o => o.SuspendedAt != null).Select(o => o.Id).ToListAsync(ct);
        return suspended.ToHashSet(StringComparer.Ordinal);
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
        Remember(_suspended, OwnerEntry(ownerId), ownerId, suspended, generation);
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

    internal static string SigningKeyEntry(Guid id) => "signing-key:" + id.ToString("N");

    internal static string RestrictionEntry(Guid id) => "restriction:" + id.ToString("N");

    /// <summary>A notification (the change is committed): forget the key or the owner's standing it names.</summary>
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
        else if (payload.StartsWith("signing-key:", StringComparison.Ordinal))
        {
            _signingKeys.TryRemove(payload["signing-key:".Length..], out _);
        }
        else if (payload.StartsWith("restriction:", StringComparison.Ordinal))
        {
            _restrictions.TryRemove(payload["restriction:".Length..], out _);
        }

        _changing.TryRemove(payload, out _);
    }

    /// <summary>This node is revoking the key (before its commit): its own next request must not wait for the notification.</summary>
    internal void ForgetKey(string hash) => Changing(KeyEntry(hash), () => _keys.TryRemove(hash, out _));

    /// <summary>This node is deleting the signing key (before its commit).</summary>
    internal void ForgetSigningKey(Guid id) => Changing(SigningKeyEntry(id), () => _signingKeys.TryRemove(id.ToString("N"), out _));

    /// <summary>This node is deleting the playback restriction (before its commit).</summary>
    internal void ForgetRestriction(Guid id) => Changing(RestrictionEntry(id), () => _restrictions.TryRemove(id.ToString("N"), out _));

    /// <summary>This node is changing the owner's standing (before its commit).</summary>
    internal void ForgetOwner(string ownerId) => Changing(OwnerEntry(ownerId), () => _suspended.TryRemove(ownerId, out _));

    private void Changing(string entry, Action forget)
    {
        if (_changing.Count >= Remembered)
        {
            _changing.Clear();
        }

        _changing[entry] = 0;
        Interlocked.Increment(ref _generation);
        forget();
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

    /// <summary>Everything cached is dropped (the specs' reset empties the tables without notifications).</summary>
    internal void Clear()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
        _suspended.Clear();
        _signingKeys.Clear();
        _restrictions.Clear();
    }

    private void Remember<TValue>(ConcurrentDictionary<string, TValue> cache, string entry, string id, TValue value, long generation)
    {
        if (!_caching || _changing.ContainsKey(entry))
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
