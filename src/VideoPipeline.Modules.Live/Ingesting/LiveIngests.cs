using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Live.Ingesting.Srt;
using VideoPipeline.Modules.Live.Simulcasting;

namespace VideoPipeline.Modules.Live.Ingesting;

/// <summary>This node's queue "live-ingest" hands each accepted connection to <see cref="LiveIngests"/>, which reads it for as long as it lasts.</summary>
public static class RunLiveIngestHandler
{
    public static void Handle(RunLiveIngest message, LiveIngests ingests) => ingests.Start(message);
}

/// <summary>
/// The connections this node reads: for each, one ffmpeg reading the ingest server's stream on loopback into the ladder
/// (<see cref="StreamPublisher"/>, real-time preset), published into the recording as it is produced. A connection's run
/// ends when its publisher leaves (the ingest server ends the stream), stalls or is dropped; the end is recorded so the
/// broadcast can go on, wait or finish. While it reads, it renews its lease (<see cref="IngestLease"/>), which tells the
/// cluster this node is still there. Host shutdown stops them all.
/// </summary>
public sealed class LiveIngests(
    IServiceScopeFactory scopes, IDocumentStore store, IObjectStorage storage, PlaylistChanges playlists, MediaOptions uploads, LiveOptions options,
    NodeIdentity node, TimeProvider clock, SrtIngest srt, SimulcastForwarders simulcast, ILogger<LiveIngests> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<(Guid, int), Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Waits, at most <paramref name="patience"/>, until this node no longer reads a connection of the live stream (its last
    /// segments go out after the publisher left); answers whether it still does.
    /// </summary>
    public async Task<bool> StillReadingAfterAsync(Guid liveStreamId, TimeSpan patience)
    {
        var reading = _running.Where(run => run.Key.Item1 == liveStreamId).Select(run => run.Value).ToList();
        await Task.WhenAll(reading).WaitAsync(patience).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return reading.Any(run => !run.IsCompleted);
    }

    /// <summary>The connections this node reads now.</summary>
    public IReadOnlyList<(Guid LiveStreamId, int Connection)> Reading() => _running.Keys.ToList();

    public void Start(RunLiveIngest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = (message.LiveStreamId, message.Connection);
        _running.GetOrAdd(key, k => Task.Run(async () =>
        {
            try
            {
                await RunAsync(message, _stopping.Token);
            }
            finally
            {
                _running.TryRemove(k, out var _);
            }
        }));
    }

    private async Task RunAsync(RunLiveIngest message, CancellationToken ct)
    {
        string? error = null;
        var media = options.MediaFor(uploads);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewLeaseAsync(message, reading.Token);
        try
        {
            await using var workspace = TempWorkspace.Create(media, message.VideoId);
            var input = srt.ReadUrlOf(message.PublisherId) is { } relay
                ? MediaInput.Live(relay, Container.Of("mpegts")!, "tcp")
                : MediaInput.Live(new Uri($"{options.RtmpReadUrl.AbsoluteUri.TrimEnd('/')}/{message.StreamName}"), Container.Of("flv")!, "rtmp,tcp");
            // A reconnect is read again (it may be beyond the limits too) but continues the ladder its broadcast began with.
            var found = await AcceptAsync(message, input, media, ct);
            if (found is null)
            {
                return;
            }

            var source = message.Source is { } known ? RecordedSources.Media(known) : found;

            var bounds = new MediaBounds(options.LongestBroadcast, media.MaxMemoryBytes, MaxOutputBytes(options.LongestBroadcast), options.StallTimeout);
            var destination = new RecordingDestination(message.VideoId, storage, store, playlists, source, workspace.Path);
            logger.LogInformation("Reading live stream {LiveStreamId} connection {Connection} into video {VideoId}", message.LiveStreamId, message.Connection, message.VideoId);
            // The simulcast targets read the same input for as long as the ladder does, each on its own.
            using var forwarding = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var forwarded = simulcast.ForwardAsync(message, input, forwarding.Token);
            try
            {
                await StreamPublisher.EncodeAsync(new StreamEncoding(
                    input, source, LadderPlanner.Outputs(source), new Dictionary<string, FinishedRendition>(), StreamingStarted: await PlayableAsync(message, ct),
                    workspace.Path, destination, media, bounds, Live: new LivePublishing(clock.GetUtcNow(), options.DvrWindow.TotalSeconds, LowLatency: message.Latency == LiveLatency.Low),
                    Clock: clock), ct);
            }
            finally
            {
                await forwarding.CancelAsync();
                await forwarded;
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e.Message;
            logger.LogWarning(e, "Reading live stream {LiveStreamId} connection {Connection} failed", message.LiveStreamId, message.Connection);
        }
        finally
        {
            await reading.CancelAsync();
            await renewing;
            try
            {
                await InvokeAsync(new RecordIngestEnded(message.LiveStreamId, message.Connection, error), CancellationToken.None);
            }
            catch (Exception e) when (ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The end of live stream {LiveStreamId} connection {Connection} could not be recorded while the node stops", message.LiveStreamId, message.Connection);
            }
        }
    }

    /// <summary>
    /// An earlier connection of the broadcast made its recording playable: a node lost before it got that far (its first
    /// segments stored, <see cref="StreamingStarted"/> not yet recorded) leaves it to the connection that takes over.
    /// </summary>
    private async Task<bool> PlayableAsync(RunLiveIngest message, CancellationToken ct)
    {
        if (message.Source is null)
        {
            return false;
        }

        await using var session = store.QuerySession();
        return (await session.Events.AggregateStreamAsync<FinishingRecordings.RecordingVideo>(message.VideoId, token: ct))?.Playable ?? false;
    }

    /// <summary>Renews this node's lease on the connection at a third of its length, for as long as it reads it; a failure (the database away) is tried again at the next turn.</summary>
    private async Task RenewLeaseAsync(RunLiveIngest message, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.IngestLease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await using var session = store.LightweightSession();
                    session.Store(IngestLease.For(message.LiveStreamId, message.Connection, node.Name, clock.GetUtcNow() + options.IngestLease));
                    await session.SaveChangesAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogWarning("Could not renew the lease on live stream {LiveStreamId} connection {Connection}: {Error}", message.LiveStreamId, message.Connection, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The reading ended.
        }
    }

    /// <summary>A broadcast's first connection: its input probed and judged; null when it is refused (recorded, the broadcast ends).</summary>
    private async Task<SourceMedia?> AcceptAsync(RunLiveIngest message, MediaInput input, MediaOptions media, CancellationToken ct)
    {
        try
        {
            var found = await LiveSource.ProbeAsync(input, options.InputLimits, options.LongestBroadcast, media, ct);
            await InvokeAsync(new AcceptLiveInput(message.LiveStreamId, message.Connection, RecordedSources.Inspected(message.VideoId, found.Source), found.Capped), ct);
            return found.Source;
        }
        catch (MediaRefusedException refused)
        {
            logger.LogWarning("The input of live stream {LiveStreamId} is refused: {Reason}", message.LiveStreamId, refused.Message);
            await InvokeAsync(new RefuseLiveInput(message.LiveStreamId, message.Connection, refused.Message), ct);
            return null;
        }
    }

    /// <summary>Records what the run found through the bus (a scope of its own: the bus is per scope).</summary>
    private async Task InvokeAsync(object command, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(command, ct);
    }

    // The ladder at its capped bit rates is under 2.5 MB/s; twice that leaves headroom.
    private static long MaxOutputBytes(TimeSpan longest) => (long)(longest.TotalSeconds * 5 * 1024 * 1024);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
