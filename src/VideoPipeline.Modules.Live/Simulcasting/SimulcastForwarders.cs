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
/// </summary>
public sealed class SimulcastForwarders(IServiceScopeFactory scopes, NetworkGuard guard, MediaOptions uploads, LiveOptions options, TimeProvider clock,
    ILogger<SimulcastForwarders> logger)
{
    /// <summary>Runs until every target's input ended or failed for good, or <paramref name="ct"/> is cancelled (the reading of the connection ended).</summary>
    public Task ForwardAsync(RunLiveIngest message, MediaInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Task.WhenAll((message.SimulcastTargets ?? []).Select((url, target) => Task.Run(() => ForwardToAsync(message, target, new Uri(url), input, ct), CancellationToken.None)));
    }

    private async Task ForwardToAsync(RunLiveIngest message, int target, Uri url, MediaInput input, CancellationToken ct)
    {
        var media = options.MediaFor(uploads);
        var bounds = new MediaBounds(options.LongestBroadcast, media.MaxMemoryBytes, MaxOutputBytes: 64 * 1024 * 1024, options.StallTimeout);
        var failures = 0;
        try
        {
            while (true)
            {
                await ReportAsync(message, target, SimulcastTargets.Connecting, null, ct);
                var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                try
                {
                    var address = (await guard.PermittedAddressesAsync(url.IdnHost, ct))[0];
                    var run = LiveForwarding.ForwardAsync(input, AddressedTo(url, address), TcUrlOf(url), bounds, () => flowing.TrySetResult(), ct);
                    if (await Task.WhenAny(flowing.Task, run) == flowing.Task)
                    {
                        failures = 0;
                        await ReportAsync(message, target, SimulcastTargets.Forwarding, null, ct);
                    }

                    await run;
                    await ReportAsync(message, target, SimulcastTargets.Ended, null, ct);
                    return;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    failures++;
                    logger.LogWarning("Simulcast target {Target} of live stream {LiveStreamId} failed ({Failures} in a row): {Reason}", target, message.LiveStreamId, failures, e.Message);
                    if (failures >= options.SimulcastAttempts)
                    {
                        await ReportAsync(message, target, SimulcastTargets.Failed, e.Message, ct);
                        return;
                    }
                }

                await Task.Delay(options.SimulcastRetryDelay * Math.Pow(2, failures - 1), clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await ReportEndedAsync(message, target);
        }
    }

    /// <summary>The reading of the connection ended (the broadcast ended, or the node stops): the target is told so if it can be.</summary>
    private async Task ReportEndedAsync(RunLiveIngest message, int target)
    {
        try
        {
            await ReportAsync(message, target, SimulcastTargets.Ended, null, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The end of simulcast target {Target} of live stream {LiveStreamId} could not be recorded", target, message.LiveStreamId);
        }
    }

    private async Task ReportAsync(RunLiveIngest message, int target, string status, string? reason, CancellationToken ct)
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
}
