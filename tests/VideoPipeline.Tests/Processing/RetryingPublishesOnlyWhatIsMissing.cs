using System.Collections.Concurrent;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// A failed attempt leaves published what its playlists name; the next one publishes only the rest. A player never sees
/// a segment vanish or appear twice, and no segment is stored twice.
/// </summary>
[Collection(UnreliableStorageCollection.Name)]
public sealed class RetryingPublishesOnlyWhatIsMissing(UnreliableStorageApp app) : HostSpec<UnreliableStorageApp>(app)
{
    private readonly ConcurrentQueue<string> _uploads = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Outage.Interfere((operation, key) =>
        {
            if (operation == "upload")
            {
                _uploads.Enqueue(key);
            }

            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task a_retry_after_a_segment_failed_to_upload_publishes_only_the_segments_no_playlist_names_yet()
    {
        FailOnce(key => key.EndsWith("/cmaf/360p/seg_00001.m4s", StringComparison.Ordinal));

        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());

        (await Api.VideoAsync(id)).Status.ShouldBe("processed");
        var events = await Api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(2);
        events.Count(e => e.Type == "StreamingStarted").ShouldBe(1);
        events.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString()).ShouldBe(["480p", "360p", "audio"]);
        MediaUploads().ShouldAllBe(upload => upload.Count() == (upload.Key.EndsWith("/360p/seg_00001.m4s", StringComparison.Ordinal) ? 2 : 1),
            string.Join(", ", MediaUploads().Select(u => $"{u.Key} x{u.Count()}")));
        (await StoredPlaylistAsync(id, "360p")).ShouldBe(["seg_00000.m4s", "seg_00001.m4s", "seg_00002.m4s"], "the segment the first attempt published, then the one it could not and the rest");
        foreach (var rendition in (string[])["480p", "audio"])
        {
            var segments = await StoredPlaylistAsync(id, rendition);
            segments.ShouldBe(Enumerable.Range(0, segments.Count).Select(i => $"seg_{i:D5}.m4s"), rendition);
        }
    }

    [Fact]
    public async Task a_retry_after_the_ladder_was_published_encodes_nothing_again()
    {
        FailOnce(key => key.EndsWith("/480p.mp4", StringComparison.Ordinal));

        var id = await Api.UploadAndProcessAsync(await TestClips.Landscape480p());

        (await Api.VideoAsync(id)).Status.ShouldBe("processed");
        var events = await Api.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(2);
        events.Count(e => e.Type == "StreamRenditionReady").ShouldBe(3);
        events.Count(e => e.Type == "StreamingReady").ShouldBe(1);
        events.Count(e => e.Type == "ThumbnailReady").ShouldBe(1);
        events.Count(e => e.Type == "RenditionReady").ShouldBe(1);
        MediaUploads().ShouldAllBe(upload => upload.Count() == 1, "the download is made again from the stored segments, which are not encoded again");
        _uploads.Count(key => key.EndsWith("/480p.mp4", StringComparison.Ordinal)).ShouldBe(2);
    }

    private void FailOnce(Func<string, bool> key)
    {
        var failed = 0;
        App.Outage.Begin((operation, k) => operation == "upload" && key(k) && Interlocked.Exchange(ref failed, 1) == 0);
    }

    /// <summary>
    /// Segment and header uploads by key. Playlists are rewritten as they grow, and LL-HLS parts are left out: the parts of
    /// the segment an attempt was writing when it failed are published again by the retry, to match the segment it joins
    /// from its own pieces (they are deleted once the rendition is finished).
    /// </summary>
    private List<IGrouping<string, string>> MediaUploads() =>
        _uploads.Where(key => key.Contains("/cmaf/", StringComparison.Ordinal) && !key.Contains("/parts/", StringComparison.Ordinal)
                && (key.EndsWith(".m4s", StringComparison.Ordinal) || key.EndsWith("/init.mp4", StringComparison.Ordinal)))
            .GroupBy(key => key).ToList();

    private async Task<List<string>> StoredPlaylistAsync(Guid id, string rendition)
    {
        var playlist = System.Text.Encoding.UTF8.GetString(await App.Storage.ReadAllBytesAsync($"videos/{id}/cmaf/{rendition}/index.m3u8", CancellationToken.None));
        playlist.ShouldEndWith("#EXT-X-ENDLIST\n");
        return playlist.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }
}
