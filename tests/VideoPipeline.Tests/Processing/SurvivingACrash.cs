using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Processing;

/// <summary>
/// kill -9 of the service and of its PostgreSQL in the middle of a transcode, then both started again: the durable
/// queue hands the job to the new process, which finishes it. Nothing is lost, nothing is done twice, and the ffmpeg
/// the dead process left running is stopped.
/// </summary>
[TakesAbout(40)]
public sealed class SurvivingACrash : OwnServiceSpec
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private ThrowawayPostgres _postgres = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _postgres = await ThrowawayPostgres.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task a_video_being_transcoded_when_everything_is_killed_ends_processed_exactly_once()
    {
        var tempRoot = Path.Combine(Folder, "tmp");
        var settings = SettingsOn(_postgres.ConnectionString).ToDictionary(s => s.Key, s => s.Value!);
        var clip = await TestClips.Hd720p10s();
        Guid videoId;

        await using (var first = await ServiceProcess.StartAsync(settings, Path.Combine(Folder, "first.log")))
        {
            using var changes = await ChangeFeed.OpenAsync(first.Client);
            videoId = await UploadAsync(first, clip);
            await changes.WaitUntilAsync(first.Client, videoId, v => v.Steps.PlayableAt is not null && v.Status == "processing", "the first segments to be published", Patience);
            FfmpegProcesses.Under(tempRoot).ShouldNotBeEmpty("ffmpeg should be running when the service dies");

            await first.KillAsync();
            await _postgres.KillAsync();
        }

        FfmpegProcesses.Under(tempRoot).ShouldNotBeEmpty("the dead service's ffmpeg is an orphan until the next start");
        await _postgres.UpAsync();
        await using var second = await ServiceProcess.StartAsync(settings, Path.Combine(Folder, "second.log"));
        using var resumed = await ChangeFeed.OpenAsync(second.Client);

        var video = await resumed.WaitUntilAsync(second.Client, videoId, v => v.Status is "processed" or "failed", "processing to end", Patience);
        video.Status.ShouldBe("processed", await File.ReadAllTextAsync(second.LogFile));
        video.Variants.Select(v => v.Resolution).ShouldBe(["720p", "480p", "360p"], ignoreOrder: true);

        var events = (await second.Client.GetFromJsonAsync<List<VideoEventDto>>($"/videos/{videoId}/events", Json))!;
        events.Count(e => e.Type == "UploadCompleted").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        events.Count(e => e.Type == "ThumbnailReady").ShouldBe(1);
        events.Count(e => e.Type == "StreamingStarted").ShouldBe(1);
        events.Count(e => e.Type == "StreamingReady").ShouldBe(1);
        events.Count(e => e.Type == "RenditionReady").ShouldBe(1);
        events.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString())
            .ShouldBe(["720p", "480p", "360p", "audio"], ignoreOrder: true);
        foreach (var rendition in (string[])["720p", "480p", "360p", "audio"])
        {
            // What the first process published stays, the second continued it: every segment once, in order, to the end.
            var path = Path.Combine(Folder, "objects", "videos", videoId.ToString(), "cmaf", rendition, "index.m3u8");
            var playlist = await File.ReadAllLinesAsync(path);
            playlist.Where(l => l.Length > 0 && !l.StartsWith('#')).ShouldBe(
                Enumerable.Range(0, playlist.Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))).Select(i => $"seg_{i:D5}.m4s"), rendition);
            // ffmpeg writes a rendition's last part up to three frames long, crash or not (10.1 s for this clip's 480p in one
            // uninterrupted run); a segment twice or missing is at least half a second.
            playlist.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[8..].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(10, tolerance: 0.2, rendition);
            playlist[^1].ShouldBe("#EXT-X-ENDLIST");
            if (rendition != "audio")
            {
                (await DecodedFramesAsync(path)).ShouldBe(300, $"{rendition}: each of the 10 s at 30 fps once, across the point where the second process took over");
            }
        }
        // The job clears its workspace once its last step has committed, so a moment after the video reads processed.
        await Eventually.WaitForAsync(() => Task.FromResult((Ffmpeg: FfmpegProcesses.Under(tempRoot), Left: Directory.EnumerateFileSystemEntries(tempRoot).ToList())),
            seen => seen.Ffmpeg.Count == 0 && seen.Left.Count == 0, TimeSpan.FromSeconds(30), "no ffmpeg and an empty temp root");
    }

    /// <summary>How many pictures ffprobe decodes from a stored playlist and its segments (it prints the count for the program and for the stream).</summary>
    private static async Task<int> DecodedFramesAsync(string playlist) =>
        int.Parse((await ChildProcess.RunAsync("ffprobe", $"-v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 \"{playlist}\""))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Guid> UploadAsync(ServiceProcess service, string clip)
    {
        using var request = await service.Client.PostAsJsonAsync("/upload/request", new { title = "Crash test", fileName = "crash.mp4" });
        request.EnsureSuccessStatusCode();
        var ticket = (await request.Content.ReadFromJsonAsync<UploadTicketDto>(Json))!;

        using var put = new ByteArrayContent(await File.ReadAllBytesAsync(clip));
        put.Headers.TryAddWithoutValidation("Content-Type", ticket.Headers["Content-Type"]);
        using var uploaded = await service.Client.PutAsync(new Uri(ticket.Url.PathAndQuery, UriKind.Relative), put);
        uploaded.EnsureSuccessStatusCode();

        var body = JsonSerializer.Serialize(new { key = ticket.Key, size = 1 });
        using var notification = new StringContent(body, Encoding.UTF8, "application/json");
        notification.Headers.Add("X-Webhook-Signature", VideoApi.Sign(body, DateTimeOffset.UtcNow));
        using var notified = await service.Client.PostAsync(new Uri("/webhook/s3-upload", UriKind.Relative), notification);
        notified.EnsureSuccessStatusCode();
        return ticket.VideoId;
    }
}
