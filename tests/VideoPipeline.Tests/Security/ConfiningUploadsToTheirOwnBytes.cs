using System.Diagnostics;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// The threat model of an upload: a stranger's file may make ffmpeg read that file and nothing else. Playlists, concat
/// lists and playlists hidden in another container name other files and URLs; bombs are small files that cost a machine
/// dearly. Each is refused at once as not a video, with a reason, no retry and nothing playable. Run on both stores; the
/// specs whose files name another owner's video share that one processed video, which none changes.
/// </summary>
public abstract class ConfiningUploadsToTheirOwnBytes<TApp>(TApp app) : OneVideoSpec<TApp>(app)
    where TApp : VideoPipelineApp
{
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(15);

    /// <summary>Where another owner's rendition can be reached from this machine, as a hostile playlist would name it.</summary>
    protected abstract string LocationOf(string key);

    [Fact]
    public async Task a_playlist_naming_another_owners_video_fails_as_not_a_video_and_plays_nothing()
    {
        var victim = await TheVideoAsync(TestClips.Landscape480p);
        var playlist = await HostileUploads.PlaylistNaming(LocationOf($"videos/{victim}/480p.mp4"));
        (await Ffprobe.CarelesslyAsync(playlist)).ShouldContain(s => s.CodecType == "video" && s.Height == 480,
            "an unguarded ffprobe reads the victim's rendition through the playlist: the threat is real");

        var video = await RefusedAsync(playlist);

        video.LastError.ShouldNotBeNull().ShouldContain("HLS playlist");
    }

    [Fact]
    public async Task a_concat_list_naming_another_owners_video_fails_the_same_way()
    {
        var victim = await TheVideoAsync(TestClips.Landscape480p);

        var video = await RefusedAsync(await HostileUploads.ConcatListNaming(LocationOf($"videos/{victim}/480p.mp4")));

        video.LastError.ShouldNotBeNull().ShouldContain("concat list");
    }

    [Fact]
    public async Task a_playlist_naming_an_internal_address_sends_nothing_there()
    {
        await using var internalService = new ConnectionCounter();
        var playlist = await HostileUploads.PlaylistNaming(internalService.Url.ToString());
        await Ffprobe.CarelesslyAsync(playlist);
        internalService.Connections.ShouldBeGreaterThan(0, "an unguarded ffprobe that allows http follows the playlist: the threat is real");
        var before = internalService.Connections;

        await RefusedAsync(playlist);

        internalService.Connections.ShouldBe(before, "the service made no request on the upload's behalf");
    }

    [Fact]
    public async Task a_playlist_hidden_in_an_avi_subtitle_track_is_not_followed()
    {
        await using var internalService = new ConnectionCounter();

        var video = await RefusedAsync(await HostileUploads.AviHidingAPlaylistNaming(internalService.Url.ToString()));

        internalService.Connections.ShouldBe(0);
        video.LastError.ShouldNotBeNull().ShouldContain("no video stream");
    }

    [Fact]
    public async Task a_pixel_bomb_is_refused_before_anything_decodes_it()
    {
        var video = await RefusedAsync(await HostileUploads.PixelBomb(), "bomb.mkv");

        video.LastError.ShouldBe("The video is 9000x9000 (81 megapixels), larger than the 33.2 megapixels accepted.");
    }

    [Fact]
    public async Task a_duration_bomb_is_refused_before_anything_decodes_it()
    {
        var video = await RefusedAsync(await HostileUploads.DurationBomb());

        video.LastError.ShouldBe("The video lasts 4:01:00, longer than the 4:00:00 accepted.");
    }

    [Fact]
    public async Task a_truncated_upload_read_where_it_is_stored_fails_with_the_reason_and_no_address_of_the_store()
    {
        var video = await RefusedAsync(await MediaEngine.MediaClips.TruncatedFastStart());

        var reason = video.LastError.ShouldNotBeNull();
        reason.ShouldContain("ends early");
        reason.ShouldNotContain("X-Amz-", Case.Insensitive, "a URL ffmpeg read keeps its signature out of the reason");
        reason.ShouldNotContain(App.StorageRoot, Case.Sensitive, "nor is the store's folder named");
    }

    /// <summary>Uploads <paramref name="file"/> as another owner, as any client would; the video must end failed, fast, with nothing playable.</summary>
    private async Task<VideoDto> RefusedAsync(string file, string fileName = "clip.mp4")
    {
        var ticket = await Api.RequestUploadAsync(fileName: fileName, contentType: "video/mp4", key: VideoApi.OtherOwnersKey);
        await Api.UploadAsync(ticket, file);
        var clock = Stopwatch.StartNew();
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));
        clock.Elapsed.ShouldBeLessThan(Fast);

        var video = await Api.GetAsync<VideoDto>($"/videos/{ticket.VideoId}", VideoApi.OtherOwnersKey);
        video.Status.ShouldBe("failed");
        video.FailCount.ShouldBe(1, "a refusal is final: no retries");
        video.Variants.ShouldBeEmpty();
        video.ThumbKey.ShouldBeNull();
        var events = await Api.GetAsync<List<VideoEventDto>>($"/videos/{ticket.VideoId}/events", VideoApi.OtherOwnersKey);
        events.Select(e => e.Type).ShouldNotContain("SourceInspected");
        events.Single(e => e.Type == "ProcessingAttemptFailed").Data.GetProperty("willRetry").GetBoolean().ShouldBeFalse();
        await Api.GetAsync<ProblemDto>($"/videos/{ticket.VideoId}/play", VideoApi.OtherOwnersKey, expectedStatus: 409);
        return video;
    }
}

[Collection(EmbeddedStorageCollection.Name)]
public sealed class ConfiningUploadsToTheirOwnBytes_with_the_embedded_store(EmbeddedStorageApp app) : ConfiningUploadsToTheirOwnBytes<EmbeddedStorageApp>(app)
{
    protected override string LocationOf(string key) => Path.Combine(App.StorageRoot, "objects", key);
}

[Collection(S3StorageCollection.Name)]
public sealed class ConfiningUploadsToTheirOwnBytes_with_S3(S3StorageApp app) : ConfiningUploadsToTheirOwnBytes<S3StorageApp>(app)
{
    protected override string LocationOf(string key) => new Uri(TestEnvironment.S3Url, $"{TestEnvironment.S3Bucket}/{key}").ToString();
}
