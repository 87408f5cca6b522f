using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace VideoPipeline.Modules.Live.Ingesting.Srt;

/// <summary>
/// One accepted SRT publisher's MPEG-TS, offered to this node's ffmpeg on a loopback TCP port of its own (as nginx-rtmp
/// offers an RTMP publisher): each reader (the probe, then the ladder) gets what arrives from the moment it connects, the
/// way a live stream is joined. A reader that falls too far behind is cut off rather than holding up the publisher; when
/// the publisher leaves, every reader sees the end of its input.
/// </summary>
internal sealed class SrtRelay : IDisposable
{
    // About 6 s of a 8 Mbit/s input in 1316-byte messages: a reader slower than real time for longer is cut off.
    private const int ReaderBacklog = 4096;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _readers = [];
    private bool _closed;

    public SrtRelay()
    {
        _listener.Start();
        _ = AcceptReadersAsync();
    }

    /// <summary>The stream name the service gave the publish once it accepted it.</summary>
    public string? StreamName { get; set; }

    /// <summary>Where this node's ffmpeg reads the input (protocol <c>tcp</c>, container MPEG-TS).</summary>
    public Uri ReadUrl => new($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Hands one received message to every reader.</summary>
    public void Deliver(ReadOnlySpan<byte> message)
    {
        var copy = message.ToArray();
        lock (_gate)
        {
            foreach (var reader in _readers.Where(reader => !reader.Writer.TryWrite(copy)).ToList())
            {
                reader.Writer.TryComplete(new IOException("The reader fell too far behind the live input."));
                _readers.Remove(reader);
            }
        }
    }

    private async Task AcceptReadersAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(ReaderBacklog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
                lock (_gate)
                {
                    if (_closed)
                    {
                        client.Dispose();
                        return;
                    }

                    _readers.Add(channel);
                }

                _ = PumpAsync(client, channel);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed: no more readers.
        }
    }

    private async Task PumpAsync(TcpClient client, Channel<byte[]> channel)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await foreach (var message in channel.Reader.ReadAllAsync())
                {
                    await stream.WriteAsync(message);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ChannelClosedException)
            {
                // The reader left, fell behind, or the publisher is gone: this reader's input ends here.
            }
            finally
            {
                lock (_gate)
                {
                    _readers.Remove(channel);
                }
            }
        }
    }

    /// <summary>The publisher left: every reader reads to the end of what arrived, then sees the end of its input.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            foreach (var reader in _readers)
            {
                reader.Writer.TryComplete();
            }
        }

        _listener.Stop();
    }
}
