using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoPipeline.Modules.Live.AuthorizingPublishers;

namespace VideoPipeline.Modules.Live.Ingesting.Srt;

/// <summary>
/// This node's SRT ingest (<see cref="LiveOptions.SrtListen"/>): libsrt's own listener, in this process. libsrt's listen
/// callback screens each caller during its handshake (<see cref="Broadcasts.Screen"/>): a <c>streamid</c> naming no stream
/// key, or a stream already live (its reading node not lost), is rejected there, so the publisher is told at once. A caller that passes is authorized
/// by the service (<see cref="AuthorizePublish"/>, as nginx-rtmp's <c>on_publish</c> asks: owner suspended, over quota, a
/// race with another publisher) before its first byte is read, and closed unread when refused. An authorized publisher's MPEG-TS goes to the ladder through
/// its <see cref="SrtRelay"/>; its leaving is told to the service (<see cref="PublisherLeft"/>) as nginx-rtmp's
/// <c>on_publish_done</c> does.
/// </summary>
public sealed class SrtIngest : IHostedService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IDocumentStore _store;
    private readonly LiveOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SrtIngest> _logger;

    // Kept in a field of this singleton: libsrt holds the pointer to it for as long as the listener lives.
    private readonly LibSrt.ListenCallback _screen;

    private static readonly TimeSpan ScreenPatience = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, (int Socket, SrtRelay Relay)> _publishers = new();
    private readonly ConcurrentDictionary<int, Task> _serving = new();
    private int _listener = LibSrt.InvalidSocket;
    private Thread? _accepting;
    private volatile bool _stopping;

    public SrtIngest(IServiceScopeFactory scopes, IDocumentStore store, LiveOptions options, TimeProvider clock, ILogger<SrtIngest> logger)
    {
        (_scopes, _store, _options, _clock, _logger) = (scopes, store, options, clock, logger);
        _screen = ScreenCaller;
    }

    /// <summary>Where this node's ffmpeg reads the SRT publisher <paramref name="publisherId"/>; null when it is not one of this node's SRT publishers.</summary>
    public Uri? ReadUrlOf(string? publisherId) =>
        publisherId is not null && _publishers.TryGetValue(publisherId, out var publisher) ? publisher.Relay.ReadUrl : null;

    /// <summary>Disconnects this node's SRT publisher of <paramref name="streamName"/>; false when it has none.</summary>
    public bool Drop(string streamName)
    {
        var found = _publishers.Values.Where(p => p.Relay.StreamName == streamName).ToList();
        foreach (var (socket, _) in found)
        {
            _ = LibSrt.Close(socket);
        }

        return found.Count > 0;
    }

    /// <summary>
    /// The stream key a caller's <c>streamid</c> names: the whole of it, or the <c>r</c> (resource) of SRT's access-control
    /// syntax (<c>#!::r=KEY,m=publish</c>), which must not ask for anything but publishing. Null when it names none.
    /// </summary>
    public static string? StreamKeyOf(string? streamId)
    {
        if (streamId is null || !streamId.StartsWith("#!::", StringComparison.Ordinal))
        {
            return StreamKeys.LooksLikeKey(streamId) ? streamId : null;
        }

        var pairs = streamId[4..].Split(',').Select(pair => pair.Split('=', 2)).Where(pair => pair.Length == 2).ToLookup(pair => pair[0], pair => pair[1]);
        var key = pairs["r"].SingleOrDefault();
        var mode = pairs["m"].SingleOrDefault() ?? "publish";
        return mode == "publish" && StreamKeys.LooksLikeKey(key) ? key : null;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.SrtListen is not { } listen)
        {
            return Task.CompletedTask;
        }

        if (LibSrt.Startup() < 0)
        {
            throw new InvalidOperationException($"libsrt did not start: {LibSrt.LastError}");
        }

        _listener = LibSrt.CreateSocket();
        LibSrt.BindTo(_listener, IPEndPoint.Parse(listen));
        if (LibSrt.SetListenCallback(_listener, Marshal.GetFunctionPointerForDelegate(_screen), IntPtr.Zero) != 0 || LibSrt.Listen(_listener, 16) != 0)
        {
            throw new InvalidOperationException($"The SRT listener cannot listen on {listen}: {LibSrt.LastError}");
        }

        _accepting = new Thread(AcceptCallers) { IsBackground = true, Name = "srt-accept" };
        _accepting.Start();
        _logger.LogInformation("SRT ingest listening on {Listen}", listen);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_accepting is null)
        {
            return;
        }

        _stopping = true;
        _ = LibSrt.Close(_listener);
        foreach (var (socket, _) in _publishers.Values)
        {
            _ = LibSrt.Close(socket);
        }

        await Task.WhenAll(_serving.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _accepting.Join(TimeSpan.FromSeconds(5));
        _ = LibSrt.Cleanup();
    }

    /// <summary>
    /// libsrt's listen callback, on libsrt's receiving thread while the caller's handshake waits: one indexed look-up of the
    /// key (what an SRT server has to do here to reject by <c>streamid</c>); a refusal of a known stream is recorded for its owner.
    /// </summary>
    private int ScreenCaller(IntPtr opaque, int socket, int handshakeVersion, IntPtr peerAddress, IntPtr streamId)
    {
        string? refusal;
        try
        {
            var key = StreamKeyOf(streamId == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(streamId));
            // libsrt waits for the answer on this thread (Marten reads asynchronously only): bounded, a caller not answered is rejected.
            var (stream, leaseUntil) = key is null ? (null, null) : Task.Run(() => StreamOfKeyAsync(key)).WaitAsync(ScreenPatience).GetAwaiter().GetResult();
            refusal = Broadcasts.Screen(stream, leaseUntil, _clock.GetUtcNow());
            if (refusal is not null && stream is not null)
            {
                _ = Task.Run(() => RecordRefusalAsync(stream.Id, refusal));
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "An SRT caller is rejected: its key could not be looked up");
            refusal = "The service could not look the key up.";
        }

        if (refusal is null)
        {
            return 0;
        }

        _logger.LogInformation("An SRT caller is rejected in its handshake: {Reason}", refusal);
        _ = LibSrt.SetRejectReason(socket, LibSrt.RejectForbidden);
        return -1;
    }

    /// <summary>The stream of the key, and, when it looks live, its live connection's lease (a publisher back after its node was lost passes).</summary>
    private async Task<(LiveStream? Stream, DateTimeOffset? LeaseUntil)> StreamOfKeyAsync(string key)
    {
        await using var session = _store.QuerySession();
        var hash = StreamKeys.HashOf(key);
        var stream = await session.Query<LiveStream>().FirstOrDefaultAsync(s => s.KeyHash == hash && !s.Deleted);
        var lease = stream is { Status: LiveStreamStatus.Active } ? await session.LoadAsync<IngestLease>(IngestLease.IdOf(stream.Id, stream.Connection)) : null;
        return (stream, lease?.Until);
    }

    private async Task RecordRefusalAsync(Guid liveStreamId, string reason)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new RecordPublishRefused(liveStreamId, reason));
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "The refusal of an SRT caller to live stream {LiveStreamId} could not be recorded", liveStreamId);
        }
    }

    private void AcceptCallers()
    {
        while (!_stopping)
        {
            var socket = LibSrt.Accept(_listener, IntPtr.Zero, IntPtr.Zero);
            if (socket == LibSrt.InvalidSocket)
            {
                if (!_stopping)
                {
                    _logger.LogWarning("The SRT listener failed to accept a caller: {Error}", LibSrt.LastError);
                    Thread.Sleep(100);
                }

                continue;
            }

            var serving = Task.Run(() => ServeAsync(socket));
            _serving[socket] = serving;
            // Registered after the task is known, so a caller served at once is still forgotten.
            _ = serving.ContinueWith(_ => _serving.TryRemove(socket, out var _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(int socket)
    {
        var publisherId = $"srt-{socket}";
        var relay = new SrtRelay();
        _publishers[publisherId] = (socket, relay);
        try
        {
            // The relay is known before the service decides: the ingest its decision starts reads it at once.
            var key = StreamKeyOf(LibSrt.StreamIdOf(socket)) ?? "";
            PublishVerdict verdict;
            await using (var scope = _scopes.CreateAsyncScope())
            {
                verdict = await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<PublishVerdict>(new AuthorizePublish(key, publisherId));
            }

            if (verdict.StreamName is not { } name)
            {
                _logger.LogInformation("SRT publisher {PublisherId} refused: {Reason}", publisherId, verdict.Refusal);
                return;
            }

            relay.StreamName = name;
            await Task.Factory.StartNew(() => Receive(socket, relay), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await using (var scope = _scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new PublisherLeft(name, publisherId));
            }
        }
        catch (Exception e)
        {
            // Like nginx-rtmp when its callback fails: the caller is closed (a publisher then connects again).
            _logger.LogWarning(e, "SRT publisher {PublisherId} is closed: the service could not be asked or told about it", publisherId);
        }
        finally
        {
            relay.Dispose();
            _publishers.TryRemove(publisherId, out _);
            _ = LibSrt.Close(socket);
        }
    }

    /// <summary>Reads the publisher until it leaves, is dropped or goes silent for the stall timeout.</summary>
    private void Receive(int socket, SrtRelay relay)
    {
        LibSrt.SetReceiveTimeout(socket, _options.StallTimeout);
        var buffer = new byte[LibSrt.MaxPayload];
        int received;
        while ((received = LibSrt.ReceiveMessage(socket, buffer, buffer.Length)) > 0)
        {
            relay.Deliver(buffer.AsSpan(0, received));
        }
    }
}
