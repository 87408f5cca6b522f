using System.Collections.Concurrent;

namespace VideoPipeline.BuildingBlocks.Scheduling;

/// <summary>
/// How many attempts this node is making for each key (an endpoint, an owner) right now, at most <see cref="PerKey"/>
/// each. Only a throttle: a node that forgets it (a restart) is simply unthrottled until its attempts end, and no other
/// node needs it.
/// </summary>
public class KeyedSlots<TKey>(int perKey)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> _inFlight = new();

    public int PerKey { get; } = perKey;

    /// <summary>A slot for one attempt of <paramref name="key"/>, released when disposed; null when the key has all its slots.</summary>
    public IDisposable? TryTake(TKey key)
    {
        while (true)
        {
            var current = _inFlight.GetOrAdd(key, 0);
            if (current >= PerKey)
            {
                return null;
            }

            if (_inFlight.TryUpdate(key, current + 1, current))
            {
                return new Slot(this, key);
            }
        }
    }

    private void Release(TKey key)
    {
        // The entry stays at zero rather than being removed: removing it could race a concurrent take.
        _inFlight.AddOrUpdate(key, 0, (_, count) => Math.Max(0, count - 1));
    }

    private sealed class Slot(KeyedSlots<TKey> slots, TKey key) : IDisposable
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
