using System.Net.Http.Headers;
using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Operations;

/// <summary>
/// <c>GET /videos/changes</c> pushes each change of the caller's videos as it is committed (Server-Sent Events, over a
/// real socket), and nothing of anybody else's.
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class FollowingChangesLive(KestrelApp app)
{
    [Fact]
    public async Task a_listener_hears_its_video_go_from_requested_to_processed_and_nothing_of_other_owners()
    {
        using var mine = await ListenAsync(VideoApi.DevKey);
        using var theirs = await ListenAsync(VideoApi.OtherOwnersKey);

        var id = await app.UploadAndProcessAsync(await TestClips.Tiny());

        var heard = await ReadUntilAsync(mine, id, "ProcessingCompleted", TimeSpan.FromSeconds(30));
        heard.ShouldContain("UploadRequested");
        heard.ShouldContain("UploadCompleted");
        heard.ShouldContain("ProcessingStarted");
        heard.ShouldContain("RenditionReady");
        (await ReadUntilAsync(theirs, id, "ProcessingCompleted", TimeSpan.FromSeconds(2))).ShouldBeEmpty();
    }

    private async Task<StreamReader> ListenAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseUrl, "/videos/changes"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await app.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync()).ShouldBe(": connected");
        return reader;
    }

    /// <summary>The event types heard for <paramref name="videoId"/> until <paramref name="last"/> or the timeout.</summary>
    private static async Task<List<string>> ReadUntilAsync(StreamReader stream, Guid videoId, string last, TimeSpan timeout)
    {
        var heard = new List<string>();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (await stream.ReadLineAsync(deadline.Token) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    continue;
                }

                var change = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                if (change.GetProperty("videoId").GetGuid() == videoId)
                {
                    heard.Add(change.GetProperty("type").GetString()!);
                    if (heard[^1] == last)
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Heard all there was within the time.
        }

        return heard;
    }
}
