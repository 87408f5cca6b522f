using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>An operator's alert endpoint over real HTTP: records every call with its signature header.</summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private WebApplication _server = null!;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<(string Signature, string Body)> Calls { get; } = new();

    public static async Task<AlertReceiver> StartAsync()
    {
        var receiver = new AlertReceiver();
        var port = ThrowawayPostgres.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        receiver._server = builder.Build();
        receiver._server.MapPost("/alerts", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver.Calls.Enqueue((request.Headers["X-Webhook-Signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        await receiver._server.StartAsync();
        receiver.Url = new Uri($"http://127.0.0.1:{port}/alerts");
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
