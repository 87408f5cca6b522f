using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Live.Simulcasting;

/// <summary>
/// Forwards a connection's input to each of its simulcast targets, one ffmpeg each (a copy, no encode), reading the same
/// input as the ladder. Each target is on its own: its failures are retried with a growing wait, at most
/// <see cref="LiveOptions.SimulcastAttempts"/> times in a row, then reported failed, and never touch the other targets,
/// the ladder or the broadcast. The target's host is resolved and judged by the <see cref="NetworkGuard"/> before each
/// attempt, and ffmpeg is given the address it accepted: ffmpeg's own connection cannot be guarded.
/// Targets added or removed while a connection is forwarded are followed at once: the owner's change is announced
/// (<see cref="SimulcastChanges"/>), and each connection also looks again every <see cref="LiveOptions.IngestLease"/> in
/// case an announcement was lost. A target's key is never logged, and masked in what is reported.
/// </summary>
public sealed class SimulcastForwarders(IServiceScopeFactory scopes, IDocumentStore store, NetworkGuard guard, MediaOptions uploads, LiveOptions options, TimeProvider clock,
    ILogger<SimulcastForwarders> logger)
{
    private readonly ConcurrentDictionary<(Guid LiveStreamId, int Connection), Forwarding> _forwarding = new();

    /// <summary>Runs until <paramref name="ct"/> is cancelled (the reading of the connection ended), then until every target's forwarding stopped.</summary>
    public async Task ForwardAsync(RunLiveIngest message, MediaInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = (message.LiveStreamId, message.Connection);
        var forwarding = new Forwarding(message, input, ct);
        _forwarding[key] = forwarding;
        try
        {
            await FollowAsync(forwarding, message.SimulcastTargets ?? [], startNew: true);
            while (!ct.IsCancellationRequested)
            {
                // Also catches up what changed between the publish's decision and this connection being followed here.
                await CatchUpAsync(forwarding, ct);
                await Task.Delay(options.IngestLease, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            _forwarding.TryRemove(key, out _);
            await forwarding.StoppedAsync();
        }
    }

    /// <summary>Every connection forwarded here follows its stream's targets as committed now (an owner added or removed one).</summary>
    public async Task CatchUpAsync(CancellationToken ct)
    {
        foreach (var forwarding in _forwarding.Values)
        {
            await CatchUpAsync(forwarding, ct);
        }
    }

    private async Task CatchUpAsync(Forwarding forwarding, CancellationToken ct)
    {
        try
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<LiveStream>(forwarding.Message.LiveStreamId, ct) is { } stream)
            {
                // An earlier connection, still read while its last segments go out, stops removed targets but starts no new one.
                await FollowAsync(forwarding, stream.Deleted ? [] : stream.SimulcastTargets, startNew: stream.Connection == forwarding.Message.Connection);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not look up the simulcast targets of live stream {LiveStreamId}: {Error}", forwarding.Message.LiveStreamId, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The connection's reading ended meanwhile.
        }
    }

    private async Task FollowAsync(Forwarding forwarding, IReadOnlyList<SimulcastTargetState> targets, bool startNew)
    {
        await forwarding.Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (forwarding.Stopped)
            {
                return;
            }

            foreach (var (id, run) in forwarding.Targets.Where(run => targets.All(t => t.Id != run.Key)))
            {
                logger.LogInformation("Simulcast target {TargetId} of live stream {LiveStreamId} was removed: its forwarding stops", id, forwarding.Message.LiveStreamId);
                await run.Stop.CancelAsync();
            }

            foreach (var target in startNew && !forwarding.Reading.IsCancellationRequested ? targets.Where(t => !forwarding.Targets.ContainsKey(t.Id)) : [])
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(forwarding.Reading);
                forwarding.Targets[target.Id] = (stop, Task.Run(() => ForwardToAsync(forwarding.Message, target, forwarding.Input, stop.Token), CancellationToken.None));
            }
        }
        finally
        {
            forwarding.Gate.Release();
        }
    }

    private async Task ForwardToAsync(RunLiveIngest message, SimulcastTargetState target, MediaInput input, CancellationToken ct)
    {
        var media = options.MediaFor(uploads);
        var bounds = new MediaBounds(options.LongestBroadcast, media.MaxMemoryBytes, MaxOutputBytes: 64 * 1024 * 1024, options.StallTimeout);
        var url = new Uri(target.Url);
        var failures = 0;
        try
        {
            while (true)
            {
                await ReportAsync(message, target.Id, SimulcastTargets.Connecting, null, ct);
                var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                try
                {
                    var address = (await guard.PermittedAddressesAsync(url.IdnHost, ct))[0];
                    var run = LiveForwarding.ForwardAsync(input, AddressedTo(url, address), TcUrlOf(url), bounds, () => flowing.TrySetResult(), ct);
                    if (await Task.WhenAny(flowing.Task, run) == flowing.Task)
                    {
                        failures = 0;
                        await ReportAsync(message, target.Id, SimulcastTargets.Forwarding, null, ct);
                    }

                    await run;
                    await ReportAsync(message, target.Id, SimulcastTargets.Ended, null, ct);
                    return;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    failures++;
                    var reason = SimulcastTargets.WithoutKey(e.Message, target.Url);
                    logger.LogWarning("Simulcast target {TargetId} of live stream {LiveStreamId} failed ({Failures} in a row): {Reason}", target.Id, message.LiveStreamId, failures, reason);
                    if (failures >= options.SimulcastAttempts)
                    {
                        await ReportAsync(message, target.Id, SimulcastTargets.Failed, reason, ct);
                        return;
                    }
                }

                await Task.Delay(options.SimulcastRetryDelay * Math.Pow(2, failures - 1), clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await ReportEndedAsync(message, target.Id);
        }
    }

    /// <summary>The reading of the connection ended (the broadcast ended, or the node stops), or the target was removed: it is told so if it can be.</summary>
    private async Task ReportEndedAsync(RunLiveIngest message, Guid target)
    {
        try
        {
            await ReportAsync(message, target, SimulcastTargets.Ended, null, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The end of simulcast target {TargetId} of live stream {LiveStreamId} could not be recorded", target, message.LiveStreamId);
        }
    }

    private async Task ReportAsync(RunLiveIngest message, Guid target, string status, string? reason, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>()
            .InvokeAsync(new ReportSimulcastTarget(message.LiveStreamId, message.Connection, target, status, reason), ct);
    }

    /// <summary>The target with its host replaced by the address the guard accepted (the port kept, RTMP's 1935 or RTMPS's 443 when unnamed).</summary>
    internal static Uri AddressedTo(Uri url, IPAddress address) =>
        new UriBuilder(url) { Host = address.ToString(), Port = url.IsDefaultPort || url.Port < 0 ? DefaultPort(url) : url.Port }.Uri;

    /// <summary>What the server is told it was called as: the target's application URL with its host's name, without the key.</summary>
    internal static Uri TcUrlOf(Uri url)
    {
        var path = url.AbsolutePath;
        return new Uri($"{url.Scheme}://{url.Authority}{path[..path.LastIndexOf('/')]}");
    }

    private static int DefaultPort(Uri url) => url.Scheme == "rtmps" ? 443 : 1935;

    /// <summary>One connection's forwarding here: each target it was started for (a removed one stopped, never started again), until its reading ends.</summary>
    private sealed class Forwarding(RunLiveIngest message, MediaInput input, CancellationToken reading)
    {
        public RunLiveIngest Message => message;
        public MediaInput Input => input;
        public CancellationToken Reading => reading;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public Dictionary<Guid, (CancellationTokenSource Stop, Task Run)> Targets { get; } = [];
        public bool Stopped { get; private set; }

        /// <summary>Once the reading ended: no target is started or stopped any more, and each one's forwarding has ended.</summary>
        public async Task StoppedAsync()
        {
            await Gate.WaitAsync(CancellationToken.None);
            try
            {
                Stopped = true;
            }
            finally
            {
                Gate.Release();
            }

            await Task.WhenAll(Targets.Values.Select(t => t.Run));
            foreach (var (stop, _) in Targets.Values)
            {
                stop.Dispose();
            }
        }
    }
}
