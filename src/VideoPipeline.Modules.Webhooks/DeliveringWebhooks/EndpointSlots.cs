using System.Collections.Concurrent;

namespace VideoPipeline.Modules.Webhooks.DeliveringWebhooks;

/// <summary>
/// How many attempts this node is making to each endpoint right now, bounded by
/// <see cref="WebhooksOptions.MaxParallelPerEndpoint"/>. Only a throttle: a node that forgets it (a restart) is simply
/// unthrottled until its attempts end, and no other node needs it.
/// </summary>
public sealed class EndpointSlots(WebhooksOptions options)
{
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();

    /// <summary>A slot for one attempt to <paramref name="endpointId"/>, released when disposed; null when the endpoint has all its slots.</summary>
    public IDisposable? TryTake(Guid endpointId)
    {
        while (true)
        {
            var current = _inFlight.GetOrAdd(endpointId, 0);
            if (current >= options.MaxParallelPerEndpoint)
            {
                return null;
            }

            if (_inFlight.TryUpdate(endpointId, current + 1, current))
            {
                return new Slot(this, endpointId);
            }
        }
    }

    private void Release(Guid endpointId)
    {
        // The entry stays at zero rather than being removed: removing it could race a concurrent take.
        _inFlight.AddOrUpdate(endpointId, 0, (_, count) => Math.Max(0, count - 1));
    }

    private sealed class Slot(EndpointSlots slots, Guid endpointId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release(endpointId);
            }
        }
    }
}
