using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>
/// <c>GET /videos/changes</c> read the way the dashboard reads it: a spec against a real socket waits on the changes the
/// service pushes, never on a fixed delay.
/// </summary>
public sealed class ChangeFeed : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ChangeFeed(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>
    /// Connects as the holder of <paramref name="key"/>; once this returns, every later change of its videos is heard. A key
    /// holds a bounded number of streams, and the service frees a stream's slot a moment after its client closed it: while
    /// the key's share is full (429), this asks again, for at most <see cref="SlotWait"/>.
    /// </summary>
    /// <param name="lastEventId">Resume after this change (the <c>Last-Event-ID</c> a reconnecting EventSource sends).</param>
    public static async Task<ChangeFeed> OpenAsync(HttpClient client, string key = VideoApi.DevKey, long? lastEventId = null)
    {
        var deadline = DateTimeOffset.UtcNow + SlotWait;
        while (true)
        {
            var response = await RequestAsync(client, key, lastEventId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests || DateTimeOffset.UtcNow > deadline)
            {
                response.EnsureSuccessStatusCode();
                return await ReadingAsync(response);
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    public static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(30);

    /// <summary>Reads the stream a successful <see cref="RequestAsync"/> answered with; the feed owns the response.</summary>
    public static async Task<ChangeFeed> ReadingAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldBe(": connected");
        return new ChangeFeed(response, reader);
    }

    /// <summary>
    /// Asks for the stream as the holder of <paramref name="key"/>, resuming after <paramref name="lastEventId"/> as given,
    /// and answers with whatever came back (headers read, the body not yet); the caller disposes it.
    /// </summary>
    public static async Task<HttpResponseMessage> RequestAsync(HttpClient client, string key = VideoApi.DevKey, string? lastEventId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/videos/changes", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The changes heard, of any video, until <paramref name="last"/> of <paramref name="videoId"/>; all heard when the timeout comes first.</summary>
    public async Task<List<VideoChangeHeard>> ReadUntilAsync(Guid videoId, string last, TimeSpan timeout)
    {
        var heard = new List<VideoChangeHeard>();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await NextAsync(deadline.Token) is { } change)
            {
                heard.Add(change);
                if (change.VideoId == videoId && change.Type == last)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // Heard all there was within the time.
        }

        return heard;
    }

    /// <summary>
    /// GETs the video, and again after each change of it the feed pushes, until <paramref name="condition"/> holds.
    /// Checking after connecting means a change that happened before is not missed.
    /// </summary>
    public async Task<VideoDto> WaitUntilAsync(HttpClient client, Guid videoId, Func<VideoDto, bool> condition, string what, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        VideoDto? video = null;
        try
        {
            while (true)
            {
                video = (await client.GetFromJsonAsync<VideoDto>(new Uri($"/videos/{videoId}", UriKind.Relative), Json, deadline.Token))!;
                if (condition(video))
                {
                    return video;
                }

                VideoChangeHeard? change;
                do
                {
                    change = await NextAsync(deadline.Token) ?? throw new InvalidOperationException($"The change feed closed while waiting for {what}.");
                }
                while (change.VideoId != videoId);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"No change within {timeout} brought {what}; the video is {JsonSerializer.Serialize(video, Json)}");
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    /// <summary>The next change with its place in the event store (the SSE id), or null when the feed closed.</summary>
    public async Task<SequencedChange?> NextSequencedAsync(CancellationToken ct)
    {
        while (await NextFrameAsync(ct) is { } frame)
        {
            if (frame.Event == "video")
            {
                return JsonSerializer.Deserialize<SequencedChange>(frame.Data, Json)!;
            }
        }

        return null;
    }

    /// <summary>The next event of the stream, whatever its kind (comments skipped), or null when the feed closed.</summary>
    public async Task<StreamedEvent?> NextFrameAsync(CancellationToken ct)
    {
        string? name = null, id = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return new StreamedEvent(name ?? "message", id, data);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        return null;
    }

    private async Task<VideoChangeHeard?> NextAsync(CancellationToken ct) =>
        await NextSequencedAsync(ct) is { } change ? new VideoChangeHeard(change.VideoId, change.Type) : null;
}

public sealed record VideoChangeHeard(Guid VideoId, string Type);

public sealed record SequencedChange(Guid VideoId, string Type, long Sequence);

/// <summary>One Server-Sent Event as it was framed: its <c>event</c> name, <c>id</c> and <c>data</c>.</summary>
public sealed record StreamedEvent(string Event, string? Id, string Data);
