using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// Instant clips: a stretch of a processed video becomes a video of its own at once, playing the parent's stored segments
/// (cut at their boundaries) over HLS and DASH, read by ffprobe over a real port; it outlives the parent, whose segments
/// are purged once the last clip is gone; a bad stretch, another owner's or an unfinished video is refused by name.
/// The specs that are refused share one parent, 10 s of 1280x720; the one that cuts and deletes has its own, 10 s of 854x480
/// (two rungs to cut, not three).
/// </summary>
[Collection(KestrelCollection.Name)]
public sealed class CuttingClips(KestrelApp app)
{
    private static readonly object Stretch = new { start = 3.2, end = 7.5, title = "The goal" };

    [Fact]
    public async Task a_clip_plays_at_once_from_its_parents_segments_and_outlives_the_parent_whose_segments_go_with_the_last_clip()
    {
        var parent = await app.UploadAndProcessAsync(await TestClips.Landscape480p10s());
        await CaptionAsync(parent, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBefore\n\n00:00:03.000 --> 00:00:04.000\nThe goal\n\n00:00:08.000 --> 00:00:09.000\nAfter\n");

        var clip = await CreatedAsync(parent, Stretch);
        clip.GetProperty("source").GetString().ShouldBe("clip");
        clip.GetProperty("clip").GetProperty("clipOf").GetGuid().ShouldBe(parent);
        clip.GetProperty("status").GetString().ShouldBe("processed");
        clip.GetProperty("title").GetString().ShouldBe("The goal");
        var clipId = clip.GetProperty("id").GetGuid();

        var (instant, segment) = await InstantPlaylistAsync(clipId);
        instant.ShouldBeGreaterThanOrEqualTo(4.3 - 0.05);
        instant.ShouldBeLessThan(10 - 0.5, "at once, a clip plays only the segments that cover its stretch");
        segment.ShouldStartWith($"videos/{parent}/");
        var exact = await FrameAccurateAsync(clipId);
        exact.GetProperty("staticRenditions").EnumerateArray().Select(r => r.GetProperty("resolution").GetString()).ShouldBe(["480p"], "its MP4, listed as a video's");
        var duration = await PlayedSecondsAsync(clipId);
        duration.ShouldBe(4.3, 1.0 / 30, "made frame-accurate, the clip lasts the stretch asked for, within a frame");
        ((double)await DecodedFramesAsync(clipId)).ShouldBe(129, 1, "4.3 s at 30 fps, every frame decodable across the re-encoded edges");
        var (dashSeconds, dashFrames) = await DashPlayedAsync(clipId);
        dashSeconds.ShouldBe(4.3, 1.0 / 30, "its DASH manifest's Periods last the stretch too");
        ((double)dashFrames).ShouldBe(129, 1, "its DASH Periods, fetched through the files they name, decode to the same frames");
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        (await BrowserSpecs.RunAsync("own-player.mjs", play.Hls!.ToString(), play.Dash!.ToString()))
            .ShouldContain("own player: ok", customMessage: "hls.js and dash.js in Chromium play 3 s of it, across its first edge into the next piece");
        var mp4 = play.Url.ShouldNotBeNull("made frame-accurate, a clip has its MP4 download");
        await StatusAsync(new Uri(play.Hls!, $"/videos/{clipId}/480p.mp4{play.Hls!.Query}"), HttpStatusCode.Redirect);
        (await Ffprobe.ValueAsync(mp4, "-show_entries format=duration")).ShouldBe(4.3, 1.0 / 30, "its pieces joined by stream copy last the stretch, within a frame");
        (await Ffprobe.ValueAsync(mp4, "-select_streams v:0 -count_frames -show_entries stream=nb_read_frames")).ShouldBe(129, 1, "every frame decodable across the joins");
        (await Ffprobe.ValueAsync(mp4, "-select_streams a:0 -show_entries stream=duration")).ShouldBe(4.3, 0.05, "with its sound");
        var storyboard = await app.Client.GetStringAsync(play.Storyboard.ShouldNotBeNull("made frame-accurate, a clip has seek previews"));
        storyboard.Split('\n').Count(l => l.Contains("#xywh=", StringComparison.Ordinal)).ShouldBe(3, "4.3 s: a tile every 2 s, taken from its MP4");
        await StatusAsync(new Uri(play.Hls!, $"/videos/{clipId}/thumbnail.jpg{play.Hls!.Query}"), HttpStatusCode.Redirect);
        const string Captioned = "WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nThe goal\n";
        (await CaptionsAsync(clipId)).ShouldBe(Captioned, "the video's captions of the stretch, on the clip's timeline");
        (await app.Client.GetStringAsync(play.Hls)).ShouldContain("TYPE=SUBTITLES", customMessage: "its HLS carries them");
        var subtitles = await app.Client.GetStringAsync(new Uri(play.Hls!, $"subtitles/en/index.m3u8{play.Hls!.Query}"));
        (await app.Client.GetStringAsync(new Uri(subtitles.Split('\n').First(l => l.StartsWith("http", StringComparison.Ordinal))))).ShouldBe(Captioned);
        var periodTexts = System.Xml.Linq.XDocument.Parse(await app.Client.GetStringAsync(play.Dash)).Descendants()
            .Where(e => e.Name.LocalName == "BaseURL" && e.Value.Contains("/captions/en.vtt", StringComparison.Ordinal)).Select(e => new Uri(e.Value)).ToList();
        periodTexts.Count.ShouldBeInRange(2, 3, "every DASH Period carries them");
        (await app.Client.GetStringAsync(periodTexts[0])).ShouldBe(Captioned, "the first Period's stretch: the first edge, 0.8 s");
        (await app.Client.GetStringAsync(periodTexts[1])).ShouldBe("WEBVTT\n", "none shows in the second");
        var parentPlay = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{parent}/play", UriKind.Relative)))!;
        var poster = await DownloadedAsync(play.ThumbnailUrl.ShouldNotBeNull("made frame-accurate, a clip has a poster"));
        try
        {
            var own = await LikenessAsync(poster, parentPlay.Url!, 3.2);
            var parents = await LikenessAsync(poster, parentPlay.Url!, 2);
            own.ShouldBeGreaterThan(parents + 3, "the poster is the clip's first picture (3.2 s of the parent), not the parent's poster (2 s of it)");
        }
        finally
        {
            File.Delete(poster);
        }

        await DeleteAsync(parent);
        (await PlayedSecondsAsync(clipId)).ShouldBe(duration, 0.001);
        var kept = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        await StatusAsync(kept.ThumbnailUrl.ShouldNotBeNull(), HttpStatusCode.OK);
        await StatusAsync(kept.Url.ShouldNotBeNull(), HttpStatusCode.OK);
        (await CaptionsAsync(clipId)).ShouldBe(Captioned, "the video's tracks are kept as long as a clip plays them");
        (await Storage.HeadAsync(segment, CancellationToken.None)).ShouldNotBeNull("a clip still plays the deleted parent's segments");

        var second = (await CreatedAsync(clipId, new { start = 0.5, end = 2 })).GetProperty("id").GetGuid();
        await FrameAccurateAsync(second);
        await DeleteAsync(clipId);
        (await Storage.HeadAsync(segment, CancellationToken.None)).ShouldNotBeNull("the clip of the clip plays them too");
        (await PlayedSecondsAsync(second)).ShouldBe(1.5, 1.0 / 30, "a clip of a frame-accurate clip is cut on the timeline it plays");

        await DeleteAsync(second);
        (await Storage.HeadAsync(segment, CancellationToken.None)).ShouldBeNull("the last clip gone, the parent's segments are purged");
    }

    [Fact]
    public async Task a_bad_stretch_is_refused_naming_the_field_and_nothing_is_made()
    {
        var parent = await app.ProcessedOnceAsync(await TestClips.Hd720p10s());

        (await RefusedAsync(parent, new { start = 5, end = 4 }, HttpStatusCode.BadRequest)).ShouldContain("end");
        (await RefusedAsync(parent, new { start = -1, end = 4 }, HttpStatusCode.BadRequest)).ShouldContain("start");
        (await RefusedAsync(parent, new { start = 2, end = 2.5 }, HttpStatusCode.BadRequest)).ShouldContain("end");
        (await RefusedAsync(parent, new { start = 2 }, HttpStatusCode.BadRequest)).ShouldContain("end");
        (await RefusedAsync(parent, new { start = "two", end = 4 }, HttpStatusCode.BadRequest)).ShouldNotBeEmpty();
        (await RefusedAsync(parent, new { start = 2, end = 11 }, HttpStatusCode.BadRequest)).ShouldContain("\"end\"");
        (await RefusedAsync(Guid.NewGuid(), Stretch, HttpStatusCode.NotFound)).ShouldNotBeEmpty();

        var page = await app.Client.GetFromJsonAsync<JsonElement>(new Uri("/videos?page=1", UriKind.Relative));
        page.GetProperty("items").EnumerateArray().ShouldNotContain(v => v.GetProperty("source").GetString() == "clip" && v.GetProperty("clip").GetProperty("clipOf").GetGuid() == parent);
    }

    [Fact]
    public async Task another_owners_video_is_not_found_and_one_not_processed_yet_is_a_conflict()
    {
        var parent = await app.ProcessedOnceAsync(await TestClips.Hd720p10s());
        using var other = new HttpRequestMessage(HttpMethod.Post, new Uri($"/videos/{parent}/clips", UriKind.Relative)) { Content = JsonContent.Create(Stretch) };
        other.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.OtherOwnersKey);
        (await app.Client.SendAsync(other)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var waiting = await app.RequestUploadAsync(VideoApi.DevKey);
        (await RefusedAsync(waiting, Stretch, HttpStatusCode.Conflict)).ShouldContain("processed");
    }

    [Fact]
    public async Task a_clip_over_the_owners_videos_quota_is_refused_naming_it()
    {
        var parent = await app.ProcessedOnceAsync(await TestClips.Hd720p10s());
        using var scope = app.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>();
        await bus.InvokeAsync(new VideoPipeline.Contracts.OwnerLimitsChanged("dev", new Dictionary<string, long> { [VideoPipeline.Contracts.QuotaNames.Videos] = 1 }));
        try
        {
            (await RefusedAsync(parent, Stretch, HttpStatusCode.Conflict)).ShouldContain("videos");
        }
        finally
        {
            // The host is shared with the other specs of its collection, which upload as this owner.
            await bus.InvokeAsync(new VideoPipeline.Contracts.OwnerLimitsChanged("dev", new Dictionary<string, long>()));
        }
    }

    private static async Task StatusAsync(Uri url, HttpStatusCode status)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
    }

    private IObjectStorage Storage => app.Services.GetRequiredService<IObjectStorage>();

    private async Task CaptionAsync(Guid videoId, string webVtt)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("en"), "language" }, { new StringContent("English"), "label" }, { new StringContent(webVtt), "file", "en.vtt" },
        };
        using var response = await app.Client.PostAsync(new Uri($"/videos/{videoId}/captions", UriKind.Relative), form);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The one caption track the video lists, as its signed URL serves it.</summary>
    private async Task<string> CaptionsAsync(Guid videoId)
    {
        var tracks = await app.Client.GetFromJsonAsync<JsonElement>(new Uri($"/videos/{videoId}/captions", UriKind.Relative));
        return await app.Client.GetStringAsync(new Uri(tracks.EnumerateArray().ShouldHaveSingleItem().GetProperty("url").GetString()!));
    }

    private async Task<JsonElement> CreatedAsync(Guid videoId, object body)
    {
        using var response = await app.Client.PostAsJsonAsync(new Uri($"/videos/{videoId}/clips", UriKind.Relative), body);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string> RefusedAsync(Guid videoId, object body, HttpStatusCode status)
    {
        using var response = await app.Client.PostAsJsonAsync(new Uri($"/videos/{videoId}/clips", UriKind.Relative), body);
        var problem = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, problem);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return problem;
    }

    private Task<Wolverine.Tracking.ITrackedSession> DeleteAsync(Guid videoId) =>
        app.Services.GetRequiredService<IHost>().AndWaitForTheQueueAsync(async () =>
            (await app.Client.DeleteAsync(new Uri($"/videos/{videoId}", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Accepted));

    private async Task<string> DownloadedAsync(Uri url)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-poster-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, await app.Client.GetByteArrayAsync(url));
        return path;
    }

    /// <summary>How alike (PSNR, dB) a picture is to the frame at <paramref name="seconds"/> of <paramref name="video"/>, scaled to its size.</summary>
    private static async Task<double> LikenessAsync(string picture, Uri video, double seconds)
    {
        var output = await ChildProcess.RunAsync("ffmpeg",
            $"-hide_banner -nostats -i \"{picture}\" -ss {seconds.ToString(CultureInfo.InvariantCulture)} -i \"{video}\" " +
            "-lavfi \"[1:v][0:v]scale2ref[b][a];[a][b]psnr\" -frames:v 1 -f null -");
        var average = System.Text.RegularExpressions.Regex.Match(output, @"average:(inf|[0-9.]+)").Groups[1].Value;
        average.ShouldNotBeNullOrEmpty(output);
        return average == "inf" ? double.PositiveInfinity : double.Parse(average, CultureInfo.InvariantCulture);
    }

    /// <summary>How long ffprobe reads the clip's HLS (fresh signed URLs), after checking its DASH manifest names as many segments.</summary>
    private async Task<double> PlayedSecondsAsync(Guid clipId)
    {
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        var dash = await app.Client.GetStringAsync(play.Dash.ShouldNotBeNull());
        dash.ShouldContain("SegmentTimeline");
        var output = await ChildProcess.RunAsync("ffprobe", $"-v error -show_entries format=duration -of csv=p=0 \"{play.Hls.ShouldNotBeNull()}\"");
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The clip's instant 360p playlist as stored (what its DASH manifest and a clip of it are cut from): how long it
    /// plays, and the storage key of its first segment, one of the parent's.
    /// </summary>
    private async Task<(double Seconds, string FirstSegment)> InstantPlaylistAsync(Guid clipId)
    {
        var stored = System.Text.Encoding.UTF8.GetString(await Storage.ReadAllBytesAsync(VideoPipeline.Contracts.VideoKeys.Stream(clipId, "360p/index.m3u8"), CancellationToken.None));
        var lines = stored.Split('\n');
        var seconds = lines.Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));
        return (seconds, lines.First(l => l.EndsWith(".m4s", StringComparison.Ordinal)).TrimStart('/'));
    }

    /// <summary>Waits until the clip's edges are encoded again (its representation says so), as long as a loaded machine needs.</summary>
    private Task<JsonElement> FrameAccurateAsync(Guid clipId) =>
        Eventually.WaitForAsync(
            () => app.Client.GetFromJsonAsync<JsonElement>(new Uri($"/videos/{clipId}", UriKind.Relative)),
            video => video.GetProperty("clip").GetProperty("frameAccurate").GetBoolean(), TimeSpan.FromMinutes(2), "the clip made frame-accurate");

    /// <summary>
    /// How long the clip's DASH manifest says it plays (its Periods end to end: ffmpeg's DASH reader takes only one
    /// Period), and how many pictures ffprobe decodes in the 360p Representation of each Period, fetched as a player does (the template's header and numbered segments with the grant the service put
    /// on them, through its redirects).
    /// </summary>
    private async Task<(double Seconds, int Frames)> DashPlayedAsync(Guid clipId)
    {
        var dash = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!.Dash.ShouldNotBeNull();
        var mpd = System.Xml.Linq.XDocument.Parse(await app.Client.GetStringAsync(dash));
        System.Xml.Linq.XNamespace ns = "urn:mpeg:dash:schema:mpd:2011";
        var periods = mpd.Root!.Elements(ns + "Period").ToList();
        periods.Count.ShouldBeInRange(2, 3, "a Period for the first edge, any of the parent's segments between, the last edge");
        var seconds = periods.Sum(p => Seconds(p.Attribute("duration")!.Value));
        Seconds(mpd.Root.Attribute("mediaPresentationDuration")!.Value).ShouldBe(seconds, 0.001);
        var frames = 0;
        foreach (var period in periods)
        {
            var template = period.Descendants(ns + "Representation").Single(r => r.Attribute("id")!.Value == "360p").Element(ns + "SegmentTemplate")!;
            var count = template.Descendants(ns + "S").Sum(s => 1 + (int?)s.Attribute("r") ?? 1);
            var first = int.Parse(template.Attribute("startNumber")!.Value, CultureInfo.InvariantCulture);
            var files = new[] { template.Attribute("initialization")!.Value }
                .Concat(Enumerable.Range(first, count).Select(n => template.Attribute("media")!.Value.Replace("$Number%05d$", n.ToString("D5", CultureInfo.InvariantCulture), StringComparison.Ordinal)))
                .Select(f => new Uri(dash, f.Replace("$RepresentationID$", "360p", StringComparison.Ordinal)));
            frames += await FramesOfAsync(files);
        }

        return (seconds, frames);
    }

    private static double Seconds(string duration) => double.Parse(duration.TrimStart('P', 'T').TrimEnd('S'), CultureInfo.InvariantCulture);

    /// <summary>How many pictures ffprobe decodes in these files (a header and its segments) joined.</summary>
    private async Task<int> FramesOfAsync(IEnumerable<Uri> files)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clip-piece-{Guid.NewGuid():N}.mp4");
        try
        {
            await using (var file = File.Create(path))
            {
                foreach (var url in files)
                {
                    await file.WriteAsync(await app.Client.GetByteArrayAsync(url));
                }
            }

            var output = await ChildProcess.RunAsync("ffprobe", $"-v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 \"{path}\"");
            return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// How many pictures ffprobe decodes in the clip's 360p playlist as served, piece by piece (each header with the
    /// segments after it, one file): ffmpeg's HLS reader does not take a new header after a discontinuity, players do.
    /// </summary>
    private async Task<int> DecodedFramesAsync(Guid clipId)
    {
        var play = (await app.Client.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        var media = await app.Client.GetStringAsync(new Uri(play.Hls!, "360p/index.m3u8" + play.Hls!.Query));
        var pieces = new List<List<string>>();
        foreach (var line in media.Split('\n'))
        {
            if (line.StartsWith("#EXT-X-MAP:URI=\"", StringComparison.Ordinal))
            {
                pieces.Add([line["#EXT-X-MAP:URI=\"".Length..line.LastIndexOf('"')]]);
            }
            else if (line.StartsWith("http", StringComparison.Ordinal))
            {
                pieces[^1].Add(line.Trim());
            }
        }

        pieces.Count.ShouldBeInRange(2, 3, "the first edge, any of the parent's segments between, the last edge");
        var frames = 0;
        foreach (var piece in pieces)
        {
            frames += await FramesOfAsync(piece.Select(url => new Uri(url)));
        }

        return frames;
    }
}
