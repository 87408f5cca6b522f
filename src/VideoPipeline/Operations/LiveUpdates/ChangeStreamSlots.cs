using System.Collections.Concurrent;

namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// The live-change streams this node holds open: at most <see cref="LiveChangesOptions.MaxStreamsPerNode"/> in all and
/// <see cref="LiveChangesOptions.MaxStreamsPerKey"/> per API key. Both counts are this node's own: a key may hold its
/// share on each node, and no node needs to know another's streams.
/// </summary>
public sealed class ChangeStreamSlots(LiveChangesOptions options)
{
    private readonly ConcurrentDictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>A slot for one stream of <paramref name="key"/>, released when disposed; or null and why not.</summary>
    public (Slot? Slot, string? Refusal) TryTake(string key)
    {
        if (Interlocked.Increment(ref _open) > options.MaxStreamsPerNode)
        {
            Interlocked.Decrement(ref _open);
            return (null, $"This node already serves {options.MaxStreamsPerNode} live-change streams, its limit.");
        }

        if (_perKey.AddOrUpdate(key, 1, (_, held) => held + 1) > options.MaxStreamsPerKey)
        {
            Release(key);
            return (null, $"This API key already holds {options.MaxStreamsPerKey} live-change streams, its limit; close one first.");
        }

        return (new Slot(this, key), null);
    }

    private void Release(string key)
    {
        // Compare-and-remove: a key's entry goes only while nobody holds a stream of it.
        if (_perKey.AddOrUpdate(key, 0, (_, held) => held - 1) == 0)
        {
            _perKey.TryRemove(KeyValuePair.Create(key, 0));
        }

        Interlocked.Decrement(ref _open);
    }

    public sealed class Slot(ChangeStreamSlots slots, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(key);
            }
        }
    }
}
