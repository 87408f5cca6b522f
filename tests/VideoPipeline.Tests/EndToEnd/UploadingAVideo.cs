using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.EndToEnd;

/// <summary>
/// The whole flow through HTTP only: request an upload, PUT the bytes to the presigned URL, storage says it landed,
/// the durable queue transcodes it, the owner gets signed playback URLs that really play.
/// Run once per storage backend.
/// </summary>
public abstract class UploadingAVideo<TApp>(TApp app) : HostSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    [Fact]
    public async Task uploading_a_video_makes_it_playable()
    {
        var ticket = await Api.RequestUploadAsync(title: "Holiday", fileName: "holiday.mp4");
        ticket.Method.ShouldBe("PUT");
        ticket.Key.ShouldBe($"videos/{ticket.VideoId}/raw.mp4");
        ticket.Url.ToString().ShouldStartWith(App.UploadUrlPrefix + ticket.VideoId);
        (await Api.VideoAsync(ticket.VideoId)).Status.ShouldBe("awaiting_upload");

        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("processed");
        video.Progress.ShouldBe(100);
        video.FailCount.ShouldBe(0);
        video.ThumbKey.ShouldBe($"videos/{ticket.VideoId}/thumb.jpg");
        video.Variants.Select(v => (v.Resolution, v.Key, v.Width, v.Height)).ShouldBe([
            ("480p", $"videos/{ticket.VideoId}/cmaf/480p/index.m3u8", 854, 480),
            ("360p", $"videos/{ticket.VideoId}/cmaf/360p/index.m3u8", 640, 360)]);
        video.StaticRenditions.ShouldHaveSingleItem().ShouldBe(new VariantDto("480p", $"videos/{ticket.VideoId}/480p.mp4", 854, 480));
        video.Steps.ProcessedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(video.Steps.UploadedAt!.Value);

        var play = await Api.GetAsync<PlaybackDto>($"/videos/{ticket.VideoId}/play");
        play.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        play.Url.ShouldNotBeNull().AbsolutePath.ShouldEndWith($"videos/{ticket.VideoId}/480p.mp4");
        play.Hls.ShouldNotBeNull();
        play.Dash.ShouldNotBeNull();
        var streams = await Ffprobe.StreamsAsync(await Api.DownloadAsync(play.Url, ".mp4"));
        streams.ShouldContain(s => s.CodecType == "video" && s.CodecName == "h264" && s.PixFmt == "yuv420p" && s.Height == 480);
        streams.ShouldContain(s => s.CodecType == "audio" && s.CodecName == "aac");

        var thumbnail = await Api.DownloadAsync(play.ThumbnailUrl.ShouldNotBeNull(), ".jpg");
        (await Ffprobe.StreamsAsync(thumbnail)).ShouldHaveSingleItem().CodecName.ShouldBe("mjpeg");
    }

    [Fact]
    public async Task the_event_stream_tells_the_whole_history_in_order()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var events = await Api.GetAsync<List<VideoEventDto>>($"/videos/{ticket.VideoId}/events");
        var history = events.Where(e => e.Type != "ProcessingProgressed").ToList();
        history.Select(e => e.Type).ShouldBe(
            [
                "UploadRequested", "UploadCompleted", "ProcessingStarted", "SourceInspected", "StreamingStarted",
                "StreamRenditionReady", "StreamRenditionReady", "StreamRenditionReady", "ThumbnailReady", "StoryboardReady", "StreamingReady", "RenditionReady", "ProcessingCompleted",
            ],
            customMessage: string.Join('\n', history.Select(e => $"{e.Type} {e.Data}")));
        history.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString()).ShouldBe(["480p", "360p", "audio"]);
        history.Single(e => e.Type == "RenditionReady").Data.GetProperty("resolution").GetString().ShouldBe("480p");
        events.Select(e => e.Sequence).ShouldBeInOrder();
        events[0].Data.GetProperty("title").GetString().ShouldBe("A test clip");
        var inspected = history.Single(e => e.Type == "SourceInspected").Data;
        inspected.GetProperty("container").GetString().ShouldBe("mov", "the container is identified once and forced from then on");
        (inspected.GetProperty("displayWidth").GetInt32(), inspected.GetProperty("displayHeight").GetInt32()).ShouldBe((854, 480));
    }

    [Fact]
    public async Task repeated_notifications_of_one_upload_transcode_it_once()
    {
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Landscape480p());
        var s3Event = new
        {
            Records = new[]
            {
                new { eventName = "ObjectCreated:Put", s3 = new { bucket = new { name = "videos" }, @object = new { key = ticket.Key, size = 1 } } },
            },
        };

        await Api.AndWaitForTheQueue(async () =>
        {
            await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });
            await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });
            await Api.NotifyUploadAsync(s3Event);
        });
        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });

        var events = await Api.GetAsync<List<VideoEventDto>>($"/videos/{ticket.VideoId}/events");
        events.Count(e => e.Type == "UploadCompleted").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingStarted").ShouldBe(1);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
    }

    [Fact]
    public async Task a_file_that_is_not_a_video_fails_at_once_with_the_reason()
    {
        var ticket = await Api.RequestUploadAsync(title: "Not really", fileName: "notes.mp4");
        await Api.UploadAsync(ticket, await TestClips.NotAVideo());
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var video = await Api.VideoAsync(ticket.VideoId);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1);
        video.LastError.ShouldNotBeNullOrWhiteSpace();
        video.Retryable.ShouldBeFalse("the same file would be refused the same way");
        video.Variants.ShouldBeEmpty();
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}/play", expectedStatus: 409);
    }
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class UploadingAVideo_with_the_embedded_store(EmbeddedStorageApp app) : UploadingAVideo<EmbeddedStorageApp>(app)
{

    [Fact]
    public async Task each_rendition_is_stored_once_and_all_stored_is_within_a_tenth_of_the_upload_and_its_ladder()
    {
        var id = await Api.UploadAndProcessAsync(await TestClips.FullHd());

        var events = await Api.EventsAsync(id);
        var raw = events.Single(e => e.Type == "UploadCompleted").Data.GetProperty("sizeBytes").GetInt64();
        var renditions = events.Where(e => e.Type == "StreamRenditionReady").Sum(e => e.Data.GetProperty("sizeBytes").GetInt64());
        var download = events.Single(e => e.Type == "RenditionReady").Data.GetProperty("sizeBytes").GetInt64();
        var stored = new DirectoryInfo(Path.Combine(App.StorageRoot, "objects", "videos", id.ToString())).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

        events.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString()).ShouldBe(["1080p", "720p", "480p", "360p", "audio"]);
        var overhead = stored - raw - renditions - download;
        overhead.ShouldBeInRange(0, (raw + renditions) / 50, "besides the upload, each rendition once and the 480p download: headers, playlists, manifests, thumbnail");
        ((double)stored / (raw + renditions)).ShouldBeLessThanOrEqualTo(1.10, $"stored {stored} bytes for an upload of {raw} and renditions of {renditions}");
    }
}

[Collection(S3StorageCollection.Name)]
public sealed class UploadingAVideo_with_S3(S3StorageApp app) : UploadingAVideo<S3StorageApp>(app);
