using System.Net.Http.Headers;
using System.Text;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Playback;

/// <summary>
/// An owner adds caption tracks (WebVTT or SRT, one per language), lists and removes them; each is served as WebVTT
/// from a signed URL players open without a key. A malformed file is refused with the line at fault.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class AddingCaptions(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private const string Srt = "1\n00:00:00,500 --> 00:00:02,000\nHello from the captions\n\n2\n00:00:02,500 --> 00:00:04,000\nA second line\n";

    [Fact]
    public async Task an_srt_track_is_listed_and_served_as_webvtt_from_its_signed_url()
    {
        var video = await Api.UploadedVideoAsync();

        var added = await Api.AddCaptionAsync(video, "pt-BR", "Português", Srt, "legendas.srt");
        added.Context.Response.Headers.Location.ToString().ShouldBe($"/videos/{video}/captions/pt-br");

        var track = (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldHaveSingleItem();
        track.Language.ShouldBe("pt-br");
        track.Label.ShouldBe("Português");
        var served = await Api.GetSignedAsync(track.Url);
        served.Context.Response.ContentType.ShouldBe("text/vtt; charset=utf-8");
        (await served.ReadAsTextAsync()).ShouldBe(
            "WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello from the captions\n\n00:00:02.500 --> 00:00:04.000\nA second line\n");
        (await Api.EventsAsync(video)).ShouldContain(e => e.Type == "CaptionAdded");
    }

    [Fact]
    public async Task a_track_in_the_same_language_replaces_the_first_and_a_removed_one_is_gone()
    {
        var video = await Api.UploadedVideoAsync();
        await Api.AddCaptionAsync(video, "en", "English", Srt, "first.srt");
        await Api.AddCaptionAsync(video, "EN", "English (corrected)", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCorrected\n", "second.vtt");
        var track = (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldHaveSingleItem();
        track.Label.ShouldBe("English (corrected)");
        (await (await Api.GetSignedAsync(track.Url)).ReadAsTextAsync()).ShouldContain("Corrected");

        await Delete(video, "en", 204);
        await Delete(video, "en", 204);

        (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldBeEmpty();
        await Api.GetSignedAsync(track.Url, expectedStatus: 404);
    }

    [Fact]
    public async Task a_deleted_video_keeps_no_caption_track_once_its_objects_are_purged()
    {
        var video = await Api.UploadedVideoAsync();
        await Api.AddCaptionAsync(video, "en", "English", Srt, "a.srt");
        var track = (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldHaveSingleItem();

        await Api.AndWaitForTheQueue(() => Api.Host.Scenario(x =>
        {
            x.Delete.Url($"/videos/{video}");
            x.WithBearerToken(VideoApi.DevKey);
            x.StatusCodeShouldBe(202);
        }));

        await Api.GetSignedAsync(track.Url, expectedStatus: 404);
        await using var session = App.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        (await session.Query<VideoPipeline.Modules.Playback.Captions.CaptionTrack>().CountAsync(t => t.VideoId == video)).ShouldBe(0);
    }

    [Fact]
    public async Task a_malformed_file_is_refused_with_the_line_at_fault_and_changes_nothing()
    {
        var video = await Api.UploadedVideoAsync();

        var refused = await Api.AddCaptionAsync(video, "en", "English", "1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03 --> 00:00:04\nbroken\n", "bad.srt", 400);

        (await refused.ReadAsJsonAsync<ProblemDto>())!.Detail.ShouldBe(
            "Line 6: the cue timing is not hh:mm:ss,mmm --> hh:mm:ss,mmm with the end after the start.");
        (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_bad_language_or_label_or_no_file_is_a_validation_problem()
    {
        var video = await Api.UploadedVideoAsync();

        await Api.AddCaptionAsync(video, "english!", "English", Srt, "a.srt", 400);
        await Api.AddCaptionAsync(video, "en", "", Srt, "a.srt", 400);
        await Api.AddCaptionAsync(video, "en", "English", Srt, fileName: null, 400);
        await Api.AddCaptionAsync(video, "en", "English", "\u00ff\u00fe", "binary.srt", 400, Encoding.Latin1);
    }

    [Fact]
    public async Task another_owners_video_has_no_captions_to_add_list_or_remove()
    {
        var video = await Api.UploadedVideoAsync();

        await Api.AddCaptionAsync(video, "en", "English", Srt, "a.srt", 404, key: VideoApi.OtherOwnersKey);
        await Api.GetAsync<ProblemDto>($"/videos/{video}/captions", VideoApi.OtherOwnersKey, 404);
        await Delete(video, "en", 404, VideoApi.OtherOwnersKey);
    }

    [Fact]
    public async Task twenty_new_languages_at_once_on_a_video_five_tracks_short_of_the_limit_add_exactly_five()
    {
        var video = await Api.UploadedVideoAsync();
        for (var i = 0; i < 25; i++)
        {
            await Api.AddCaptionAsync(video, Language(i), $"Track {i}", Srt, "a.srt");
        }

        var answers = await Burst.SendAsync(App.Host, [.. Enumerable.Range(25, 20).Select(i => (Func<HttpRequestMessage>)(() => Caption(video, Language(i))))]);

        answers.Count(a => a == System.Net.HttpStatusCode.Created).ShouldBe(5, string.Join(", ", answers));
        answers.Count(a => a == System.Net.HttpStatusCode.Conflict).ShouldBe(15, string.Join(", ", answers));
        (await Api.GetAsync<List<System.Text.Json.JsonElement>>($"/videos/{video}/captions")).Count.ShouldBe(30);
    }

    private static string Language(int i) => $"x{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}";

    private static HttpRequestMessage Caption(Guid video, string language)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Srt));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/videos/{video}/captions")
        {
            Content = new MultipartFormDataContent { { new StringContent(language), "language" }, { new StringContent(language), "label" }, { file, "file", "a.srt" } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        return request;
    }

    private Task<IScenarioResult> Delete(Guid video, string language, int expectedStatus, string key = VideoApi.DevKey) =>
        Api.Host.Scenario(x =>
        {
            x.Delete.Url($"/videos/{video}/captions/{language}");
            x.WithBearerToken(key);
            x.StatusCodeShouldBe(expectedStatus);
        });
}

