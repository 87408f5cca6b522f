using VideoPipeline.MediaEngine;
using System.Collections.Concurrent;

namespace VideoPipeline.Modules.Processing.Scheduling;

/// <summary>
/// The jobs this node has in hand: claimed by its <see cref="TranscodeDispatcher"/> and not yet ended for good (running,
/// or waiting out a retry's cooldown). At most <see cref="Count"/>; the claims of these jobs are the ones it renews.
/// </summary>
public sealed class TranscodeSlots(ProcessingOptions options)
{
    private readonly ConcurrentDictionary<Guid, byte> _inHand = new();

    public int Count { get; } = options.ResolveMaxParallelTranscodes();

    public bool AnyFree => _inHand.Count < Count;

    public IReadOnlyCollection<Guid> InHand => [.. _inHand.Keys];

    public void Take(Guid videoId) => _inHand.TryAdd(videoId, 0);

    public void Free(Guid videoId) => _inHand.TryRemove(videoId, out _);
}
