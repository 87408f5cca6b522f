using System.Net;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Live;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// A takeover: the node reading a broadcast is killed (kill -9, its ingest server with it), the publisher loses its
/// connection and comes back through the balancer, and another node continues the same broadcast and recording: the
/// live playlist keeps the killed node's segments and goes on after a discontinuity, with no segment twice or missing.
/// </summary>
public sealed partial class BroadcastingAcrossNodes
{
    private static readonly HttpClient Bucket = new();

    [Fact]
    public async Task a_takeover_by_another_node_continues_the_same_broadcast_and_recording_after_the_reading_node_is_killed()
    {
        var created = await CreateAsync(new { title = "Across nodes", reconnectWindowSeconds = 30 });
        var (videoId, live) = await TakeOverAndCompleteAsync(created, () => Publisher.Start(cluster.RtmpUrl, created.StreamKey, seconds: 120));

        await cluster.WaitForVideoAsync(videoId, v => v.Status == "processed", "to be finished", TimeSpan.FromMinutes(1));
        await FinishedOnceAsync(videoId, discontinuity: true, live);
        (await GetAsync(created.Id)).Recordings.ShouldBe([videoId]);
    }

    /// <summary>
    /// SRT through the balancer's UDP port: the publisher's handshake after its node was killed is screened while the
    /// stream still looks live, and passes once the killed node's lease ran out.
    /// </summary>
    [Fact]
    public async Task a_takeover_over_srt_through_the_balancer_continues_the_same_broadcast_on_another_node()
    {
        var created = await CreateAsync(new { title = "Across nodes over SRT", reconnectWindowSeconds = 30 });
        created.SrtUrl!.GetLeftPart(UriPartial.Authority).ShouldBe(cluster.SrtUrl.GetLeftPart(UriPartial.Authority), "publishers are told the balancer's address");
        await TakeOverAndCompleteAsync(created, () => Publisher.StartSrt(created.SrtUrl, seconds: 120));
    }

    /// <summary>
    /// Publishes through the balancer, kills the node that reads it once it published two segments, publishes again as a
    /// broadcaster's software does, and shows another node continuing the same broadcast in the live playlist; then ends
    /// the broadcast before the killed node is started again. Answers the recording and its live playlist.
    /// </summary>
    private async Task<(Guid VideoId, string Live)> TakeOverAndCompleteAsync(CreatedStream created, Func<Publisher> publish)
    {
        await using var first = publish();
        var videoId = (await StatusAsync(created.Id, s => s.Status == "active" && s.ActiveVideoId is not null, "the broadcast to be active")).ActiveVideoId!.Value;
        var dead = await ReaderAsync(except: null);
        var stored = StoredLivePlaylist(videoId);
        var before = SegmentNames().Matches(await Eventually.WaitForAsync(() => ReadAsync(stored), p => SegmentNames().Count(p) >= 2, Soon, "two segments published"))
            .Select(m => m.Value).ToList();

        await cluster.KillAsync(dead);
        try
        {
            (await first.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the publisher lost its connection with the node");
            await using var again = await RepublishAsync(publish, dead);

            var back = await GetAsync(created.Id);
            back.Status.ShouldBe("active");
            back.ActiveVideoId.ShouldBe(videoId);
            back.Recordings.ShouldBe([videoId]);
            var live = await ContinuedAsync(stored, before);

            // The request reaches any node; the drop reaches the node whose ingest server (or SRT listener) holds the publisher.
            (await cluster.Client.PostAsync(new Uri($"/live-streams/{created.Id}/complete", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            (await again.ExitAsync(Soon)).ExitCode.ShouldNotBe(0, "the publisher is dropped");
            return (videoId, live);
        }
        finally
        {
            await cluster.StartAsync(dead);
        }
    }

    /// <summary>
    /// Waits for the live playlist to go on after a discontinuity, and shows it still names the segments the killed node
    /// published (<paramref name="before"/>) in their places, then the new node's, numbered on from them.
    /// </summary>
    private async Task<string> ContinuedAsync(Uri stored, List<string> before)
    {
        var live = await Eventually.WaitForAsync(() => ReadAsync(stored),
            p => p.Contains(Discontinuity, StringComparison.Ordinal) && SegmentNames().IsMatch(p.Split(Discontinuity).Last()), Soon,
            "a segment after the discontinuity");
        var names = SegmentNames().Matches(live).Select(m => m.Value).ToList();
        names.ShouldBe(names.Distinct().ToList(), "no segment twice\n" + live);
        names.Take(before.Count).ShouldBe(before, "the killed node's segments stay in the live window\n" + live);
        var numbers = names.Select(n => int.Parse(n[4..9], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        numbers.ShouldBe(Enumerable.Range(numbers[0], numbers.Count).ToList(), "no segment missing\n" + live);
        return live;
    }

    /// <summary>Publishes again through the balancer, as a broadcaster's software does, until a node other than <paramref name="dead"/> reads it.</summary>
    private async Task<Publisher> RepublishAsync(Func<Publisher> publish, int dead)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var publisher = publish();
            var reading = await Eventually.WaitForAsync(() => Task.FromResult(Readers(dead)), r => r.Count > 0 || publisher.HasExited, Soon, "a node to read the publish or refuse it");
            if (reading.Count > 0 && !publisher.HasExited)
            {
                return publisher;
            }

            // Refused while the killed node's lease has not run out yet: the broadcaster tries again, within the reconnect window.
            await publisher.DisposeAsync();
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25), "another node should take the publish well within the reconnect window\n" + cluster.Logs());
        }
    }

    /// <summary>
    /// The recording's live playlist as the reading node stores it, straight from the bucket: what a node published before
    /// and after the takeover, whichever node serves the playback routes.
    /// </summary>
    private Uri StoredLivePlaylist(Guid videoId) =>
        new(cluster.S3.Url, $"/{TestEnvironment.S3Bucket}/videos/{videoId}/cmaf/{CmafLayout.RenditionFile("180p", CmafLayout.LivePlaylist)}");

    /// <summary>
    /// A stored playlist (the bucket takes no API key), or "" while there is none yet. s3rver overwrites an object in
    /// place, so a read that races the node's next store of the playlist can be cut short or answered 500 InternalError:
    /// that read is read again. Any other failure is the spec's.
    /// </summary>
    private async Task<string> ReadAsync(Uri url)
    {
        using var response = await Bucket.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException cut) when (cut.InnerException is HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded })
        {
            return "";
        }

        if (response.StatusCode == HttpStatusCode.NotFound
            || (response.StatusCode == HttpStatusCode.InternalServerError && body.Contains("<Code>InternalError</Code>", StringComparison.Ordinal)))
        {
            return "";
        }

        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET {url.AbsolutePath}: {(int)response.StatusCode} {body}\n{cluster.Errors()}");
    }
}
