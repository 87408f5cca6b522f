using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>What a <see cref="LocalServer"/> was sent.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.GetValueOrDefault(name.ToLowerInvariant(), "");
}

/// <summary>
/// A real HTTP server on 127.0.0.1 that a spec tells how to answer, path by path, and that records every request it
/// gets: a webhook receiver, a source to ingest from. Unmapped paths answer 404.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, int, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<ReceivedRequest>> _received = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication _server = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LocalServer> StartAsync()
    {
        var local = new LocalServer();
        var port = ThrowawayPostgres.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        local._server = builder.Build();
        local._server.Run(local.AnswerAsync);
        await local._server.StartAsync();
        local.BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        return local;
    }

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Answers requests to <paramref name="path"/> with <paramref name="answer"/>, given the request and its number (1-based).</summary>
    public void Map(string path, Func<HttpContext, int, Task> answer) => _routes[path] = answer;

    public void Map(string path, Func<int, int> statusOfCall) => Map(path, (http, n) =>
    {
        http.Response.StatusCode = statusOfCall(n);
        return Task.CompletedTask;
    });

    /// <summary>Answers <paramref name="path"/> with a redirect (<paramref name="status"/>) to <paramref name="location"/>.</summary>
    public void MapRedirect(string path, string location, int status = StatusCodes.Status302Found) => Map(path, (http, _) =>
    {
        http.Response.StatusCode = status;
        http.Response.Headers.Location = location;
        return Task.CompletedTask;
    });

    public void MapFile(string path, string file, string contentType = "video/mp4") => Map(path, (http, _) =>
    {
        http.Response.ContentType = contentType;
        return http.Response.SendFileAsync(file);
    });

    /// <summary>
    /// A source on a slow link: <paramref name="promised"/> bytes declared, <paramref name="bytesPerTick"/> sent every
    /// <paramref name="tick"/>, until the client hangs up (then <paramref name="closed"/> hears when).
    /// </summary>
    public void MapTrickle(string path, int promised, int bytesPerTick, TimeSpan tick, TaskCompletionSource<DateTimeOffset>? closed = null) =>
        Map(path, async (http, _) =>
        {
            http.Response.ContentType = "video/mp4";
            http.Response.ContentLength = promised;
            try
            {
                for (var sent = 0; sent < promised; sent += bytesPerTick)
                {
                    await http.Response.Body.WriteAsync(new byte[bytesPerTick], http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                    await Task.Delay(tick, http.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                closed?.TrySetResult(DateTimeOffset.UtcNow);
            }
        });

    /// <summary>Never answers requests to <paramref name="path"/> (until the server stops): a receiver that hangs.</summary>
    public void MapHanging(string path) => Map(path, (http, _) =>
        Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token).Token));

    public int CallsTo(string path) => _counts.GetValueOrDefault(path);

    /// <summary>The next request to <paramref name="path"/> not yet taken, waiting for it at most <paramref name="within"/>.</summary>
    public async Task<ReceivedRequest> NextAsync(string path, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            return await ChannelOf(path).Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing was sent to {path} within {within} ({CallsTo(path)} calls so far).");
        }
    }

    /// <summary>Takes the requests to <paramref name="path"/> received and not yet taken.</summary>
    public IReadOnlyList<ReceivedRequest> Take(string path)
    {
        var taken = new List<ReceivedRequest>();
        while (ChannelOf(path).Reader.TryRead(out var request))
        {
            taken.Add(request);
        }

        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _server.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var call = _counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        ChannelOf(path).Writer.TryWrite(new ReceivedRequest(http.Request.Method, path, headers, body.ToArray(), DateTimeOffset.UtcNow));
        if (_routes.TryGetValue(path, out var answer))
        {
            await answer(http, call);
        }
        else
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private Channel<ReceivedRequest> ChannelOf(string path) => _received.GetOrAdd(path, _ => Channel.CreateUnbounded<ReceivedRequest>());
}
