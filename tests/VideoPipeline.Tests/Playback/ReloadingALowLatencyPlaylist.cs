using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;
using VideoPipeline.Contracts;
using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// Blocking playlist reloads (RFC 8216bis §6.2.5.2) of a media playlist that is still growing: held until the part asked
/// for is published, whichever node publishes it, refused when malformed or too far ahead, and answered 503 once three
/// target durations pass without it. The growing playlist is the engine's own writer's, stored where the video's is.
/// The specs share one processed video: each stores the playlist it needs before it asks, so none depends on another's.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class ReloadingALowLatencyPlaylist(EmbeddedStorageApp app) : OneVideoSpec<EmbeddedStorageApp>(app)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The rung whose playlist each spec stores as it needs it, growing.</summary>
    private const string Rung = "480p";

    /// <summary>A rung no spec touches: its playlist stays as processing finished it.</summary>
    private const string FinishedRung = "360p";

    [Fact]
    public async Task a_reload_for_a_part_not_yet_published_waits_and_is_answered_when_it_is()
    {
        var (id, grant) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);

        var reload = Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/index.m3u8?{grant}&_HLS_msn=0&_HLS_part=1"));
        reload.IsCompleted.ShouldBeFalse("part 1 is not published yet");
        await StoreGrowingAsync(id, parts: 2);
        await App.Host.Services.GetRequiredService<PlaylistChanges>().AnnounceAsync(PlaylistKey(id), CancellationToken.None);

        var answer = await reload.WaitAsync(TimeSpan.FromSeconds(30));
        var text = await answer.ReadAsTextAsync();
        text.ShouldContain("parts/seg_00000.1.m4s");
        text.ShouldContain("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES");
        answer.Context.Response.Headers.CacheControl.ToString().ShouldBe("private, max-age=2");
    }

    [Fact]
    public async Task a_part_published_by_another_node_wakes_the_reload_waiting_on_this_one()
    {
        var (id, grant) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);
        await using var otherNode = await App.SecondNodeAsync();

        var reload = Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/index.m3u8?{grant}&_HLS_msn=0&_HLS_part=1"));
        await StoreGrowingAsync(id, parts: 2);
        await otherNode.Services.GetRequiredService<PlaylistChanges>().AnnounceAsync(PlaylistKey(id), CancellationToken.None);

        (await (await reload.WaitAsync(TimeSpan.FromSeconds(30))).ReadAsTextAsync()).ShouldContain("parts/seg_00000.1.m4s");
    }

    [Fact]
    public async Task a_reload_nothing_publishes_within_three_target_durations_is_answered_503()
    {
        var (id, grant) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);

        var reload = Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/index.m3u8?{grant}&_HLS_msn=0&_HLS_part=1"), expectedStatus: 503);
        // The request holds until the host's clock passes its bound (12 s): moved on until it answers, never slept through.
        await Eventually.WaitForAsync(
            () =>
            {
                App.Clock.Advance(TimeSpan.FromSeconds(13));
                return Task.FromResult(reload.IsCompleted);
            },
            done => done, TimeSpan.FromSeconds(30), "the blocked reload to be answered");

        var answer = await reload;
        answer.Context.Response.Headers.RetryAfter.ToString().ShouldBe("4");
    }

    [Theory]
    [InlineData("_HLS_part=1", "_HLS_part needs _HLS_msn")]
    [InlineData("_HLS_msn=abc", "_HLS_msn must be")]
    [InlineData("_HLS_msn=-1", "_HLS_msn must be")]
    [InlineData("_HLS_msn=0&_HLS_part=x", "_HLS_part must be")]
    [InlineData("_HLS_msn=2", "Too far ahead")]
    [InlineData("_HLS_msn=0&_HLS_part=40", "Too far ahead")]
    public async Task a_malformed_or_too_far_reload_is_refused_at_once(string directives, string reason)
    {
        var (id, grant) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);

        var answer = await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/index.m3u8?{grant}&{directives}"), expectedStatus: 400);

        answer.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        (await answer.ReadAsTextAsync()).ShouldContain(reason);
    }

    [Fact]
    public async Task a_finished_playlist_ignores_the_directives()
    {
        var (id, grant) = await AVideoAsync();

        var answer = await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{FinishedRung}/index.m3u8?{grant}&_HLS_msn=900&_HLS_part=3"));

        (await answer.ReadAsTextAsync()).ShouldContain("#EXT-X-ENDLIST");
    }

    [Fact]
    public async Task a_hinted_part_is_held_until_published_then_redirected_to_its_signed_file()
    {
        var (id, grant) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);
        var playlist = await (await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/index.m3u8?{grant}"))).ReadAsTextAsync();
        playlist.ShouldContain($"#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"parts/seg_00000.1.m4s?{grant}\"");
        playlist.ShouldContain($"#EXT-X-RENDITION-REPORT:URI=\"../audio/index.m3u8?{grant}\",LAST-MSN=0,LAST-PART=0\n", customMessage: "the other rendition's playlist, served beside this one");

        var hinted = Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/parts/seg_00000.1.m4s?{grant}"), expectedStatus: 302);
        await StoreGrowingAsync(id, parts: 2);
        await App.Host.Services.GetRequiredService<PlaylistChanges>().AnnounceAsync(PlaylistKey(id), CancellationToken.None);

        var answer = await hinted.WaitAsync(TimeSpan.FromSeconds(30));
        answer.Context.Response.Headers.Location.ToString().ShouldContain($"videos/{id}/cmaf/{Rung}/parts/seg_00000.1.m4s");
        await Api.GetSignedAsync(new Uri($"http://localhost/videos/{id}/hls/{Rung}/parts/seg_00009.1.m4s?{grant}"), expectedStatus: 404);
    }

    [Fact]
    public async Task a_player_leaving_during_a_reload_ends_it_as_a_closed_request_not_a_failure()
    {
        var (id, _) = await AVideoAsync();
        await StoreGrowingAsync(id, parts: 1);
        using var leaving = new CancellationTokenSource();

        var reload = BlockingReload.ReadAsync(
            App.Storage, App.Host.Services.GetRequiredService<PlaylistChanges>(), App.Clock, PlaylistKey(id), BlockingReload.For(new ReloadDirective(0, 1)), leaving.Token);
        reload.IsCompleted.ShouldBeFalse("part 1 is not published yet");
        await leaving.CancelAsync();

        var (text, refusal) = await reload.WaitAsync(TimeSpan.FromSeconds(30));
        text.ShouldBeNull();
        refusal.ShouldNotBeNull().Kind.ShouldBe(AnswerKind.ClientClosed, "no exception: the request log says 499, not an error");
    }

    [Fact]
    public async Task a_rung_playlist_asked_for_before_its_first_part_is_out_is_held_until_it_is_stored()
    {
        // A video plays once its first rung is out; a player may ask for another rung's playlist a moment before it is stored.
        var (id, _) = await AVideoAsync();
        var key = NotYetStored(id);

        var held = BlockingReload.ReadAsync(
            App.Storage, App.Host.Services.GetRequiredService<PlaylistChanges>(), App.Clock, key, BlockingReload.For(null), CancellationToken.None,
            comingWithin: TimeSpan.FromSeconds(12));
        held.IsCompleted.ShouldBeFalse("nothing is stored there yet");
        await StoreAsync(key, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n");
        await App.Host.Services.GetRequiredService<PlaylistChanges>().AnnounceAsync(key, CancellationToken.None);

        var (text, refusal) = await held.WaitAsync(TimeSpan.FromSeconds(30));
        refusal.ShouldBeNull();
        text.ShouldStartWith("#EXTM3U");
    }

    [Fact]
    public async Task a_rung_playlist_not_stored_within_its_bound_is_answered_503_and_without_one_404()
    {
        var (id, _) = await AVideoAsync();
        var key = NotYetStored(id);
        var changes = App.Host.Services.GetRequiredService<PlaylistChanges>();

        var held = BlockingReload.ReadAsync(App.Storage, changes, App.Clock, key, BlockingReload.For(null), CancellationToken.None, comingWithin: TimeSpan.FromSeconds(12));
        await Eventually.WaitForAsync(
            () =>
            {
                App.Clock.Advance(TimeSpan.FromSeconds(13));
                return Task.FromResult(held.IsCompleted);
            },
            done => done, TimeSpan.FromSeconds(30), "the held request to be answered");
        var (_, unavailable) = await held;
        unavailable.ShouldNotBeNull().Kind.ShouldBe(AnswerKind.Unavailable);

        var (_, missing) = await BlockingReload.ReadAsync(App.Storage, changes, App.Clock, key, BlockingReload.For(null), CancellationToken.None);
        missing.ShouldNotBeNull().Kind.ShouldBe(AnswerKind.NotFound, "a finished video's playlists are all stored: one missing is gone");
    }

    private async Task<(Guid Id, string Grant)> AVideoAsync()
    {
        var id = await TheVideoAsync(TestClips.Landscape480p);
        var hls = (await Api.GetAsync<PlaybackDto>($"/videos/{id}/play")).Hls.ShouldNotBeNull();
        return (id, hls.Query.TrimStart('?'));
    }

    /// <summary>A playlist of the shared video that no spec has stored.</summary>
    private static string NotYetStored(Guid id) => VideoKeys.Stream(id, CmafLayout.RenditionFile($"rung-{Guid.NewGuid():N}", CmafLayout.MediaPlaylist));

    private static string PlaylistKey(Guid id) => VideoKeys.Stream(id, CmafLayout.RenditionFile(Rung, CmafLayout.MediaPlaylist));

    /// <summary>The rung's playlist as it stands while segment 0 is being written and <paramref name="parts"/> of its parts are out.</summary>
    private async Task StoreGrowingAsync(Guid id, int parts)
    {
        var playlist = new LowLatencyPlaylist(
            CmafLayout.InitSegment, 4, 0.35, 0, [],
            Enumerable.Range(0, parts).Select(i => new PlaylistPart(CmafLayout.Part(0, i), 0.25, i == 0)).ToList(), Start, CmafLayout.Part(0, parts),
            PlaylistGrowth.FromTheStart, Ended: false, Reports: [new RenditionReport("../audio/index.m3u8", 0, 0)]);
        await StoreAsync(PlaylistKey(id), playlist.Write());
    }

    private async Task StoreAsync(string key, string playlist)
    {
        var file = Path.Combine(App.TempRoot, $"{Guid.NewGuid():N}.m3u8");
        Directory.CreateDirectory(App.TempRoot);
        await File.WriteAllTextAsync(file, playlist);
        await App.Storage.UploadFileAsync(key, file, CmafLayout.PlaylistContentType, CancellationToken.None);
        File.Delete(file);
    }
}
