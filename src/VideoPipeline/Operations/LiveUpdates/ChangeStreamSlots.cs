namespace VideoPipeline.Operations.LiveUpdates;

/// <summary>
/// The live-change streams this node holds open: at most <see cref="LiveChangesOptions.MaxStreamsPerNode"/> in all and
/// <see cref="LiveChangesOptions.MaxStreamsPerKey"/> per API key. Both counts are this node's own: a key may hold its
/// share on each node, and no node needs to know another's streams.
/// </summary>
public sealed class ChangeStreamSlots(LiveChangesOptions options)
{
    // One lock for both counts: checking and taking them together means a request is refused only when a bound is
    // really reached, never because another request had counted itself for a moment. Streams open rarely.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private int _open;

    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>A slot for one stream of <paramref name="key"/>, released when disposed; or null and why not.</summary>
    public (Slot? Slot, string? Refusal) TryTake(string key)
    {
        lock (_gate)
        {
            if (_open >= options.MaxStreamsPerNode)
            {
                return (null, $"This node already serves {options.MaxStreamsPerNode} live-change streams, its limit.");
            }

            var held = _perKey.GetValueOrDefault(key);
            if (held >= options.MaxStreamsPerKey)
            {
                return (null, $"This API key already holds {options.MaxStreamsPerKey} live-change streams, its limit; close one first.");
            }

            _perKey[key] = held + 1;
            _open++;
            return (new Slot(this, key), null);
        }
    }

    private void Release(string key)
    {
        lock (_gate)
        {
            // A key's entry goes once nobody holds a stream of it.
            if (--_perKey[key] == 0)
            {
                _perKey.Remove(key);
            }

            _open--;
        }
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
