using System.Net;
using System.Net.Http.Json;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Wolverine;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Uploads.ReconcilingUploads;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>
/// Each quota is checked before anything is accepted, by the database in the commit that consumes it, so requests racing
/// on several nodes get exactly what is left; over a quota the owner gets a 409 problem naming the quota, its limit and
/// what is used, and nothing of the request is kept; what goes away gives its quota back.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class HoldingOwnersToTheirQuotas(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    private readonly QuotaApi _quotas = new(new VideoApi(app));

    [Fact]
    public async Task an_owner_at_its_pending_uploads_is_refused_with_a_problem_naming_the_quota_and_nothing_is_recorded()
    {
        await _quotas.LimitAsync(QuotaNames.PendingUploads, 2);
        await Api.RequestUploadAsync();
        await Api.RequestUploadAsync();

        var problem = await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/upload/request", new { title = "Third", fileName = "c.mp4" }, 409));

        (problem.Quota, problem.Limit, problem.Used, problem.Requested).ShouldBe((QuotaNames.PendingUploads, 2L, 2L, 1L));
        problem.Title.ShouldBe("Over the 'pendingUploads' quota.");
        var declared = await QuotaApi.OverQuotaAsync(
            await Api.PostJsonAsync("/upload/request", new { title = "Fourth", fileName = "d.mp4", sizeBytes = 100 }, 409));
        (declared.Quota, declared.Limit, declared.Used, declared.Requested).ShouldBe((QuotaNames.PendingUploads, 2L, 2L, 1L), "a declared size is refused by the hold alone, alike");
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.Count.ShouldBe(2);
        (await _quotas.UseAsync(QuotaNames.Videos)).Used.ShouldBe(2);
        await Api.RequestUploadAsync(key: VideoApi.OtherOwnersKey);
    }

    [Fact]
    public async Task upload_requests_fired_at_once_on_two_nodes_get_exactly_the_videos_left()
    {
        await _quotas.LimitAsync(QuotaNames.Videos, 5);
        await Api.RequestUploadAsync();
        await using var secondNode = await App.SecondNodeAsync();

        var answers = await Task.WhenAll(
            Burst.SendAsync(App.Host, [.. Enumerable.Range(0, 10).Select(i => (Func<HttpRequestMessage>)(() => UploadRequest($"a{i}")))]),
            Burst.SendAsync(secondNode, [.. Enumerable.Range(0, 10).Select(i => (Func<HttpRequestMessage>)(() => UploadRequest($"b{i}")))]));
        var all = answers.SelectMany(a => a).ToList();

        all.Count(a => a == HttpStatusCode.Created).ShouldBe(4, string.Join(", ", all));
        all.Count(a => a == HttpStatusCode.Conflict).ShouldBe(16, string.Join(", ", all));
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.Count.ShouldBe(5);
        var videos = await _quotas.UseAsync(QuotaNames.Videos);
        (videos.Used, videos.AtLimit, videos.Exceeded).ShouldBe((5L, true, false));
    }

    [Fact]
    public async Task an_upload_may_store_only_what_is_left_of_the_owners_storage_and_keeps_what_it_really_stored()
    {
        await _quotas.LimitAsync(QuotaNames.StoredBytes, 1000);

        var tooLarge = await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/upload/request", new { title = "Big", fileName = "c.mp4", sizeBytes = 1001 }, 409));
        (tooLarge.Quota, tooLarge.Limit, tooLarge.Used, tooLarge.Requested).ShouldBe((QuotaNames.StoredBytes, 1000L, 0L, 1001L));

        var undeclared = await Api.RequestUploadAsync();
        undeclared.Url.Query.ShouldContain("max=1000", customMessage: "the presigned upload is bounded by what is left");
        (await _quotas.UseAsync(QuotaNames.StoredBytes)).Used.ShouldBe(1000, "held for the upload until it lands");
        await Api.PostJsonAsync("/upload/request", new { title = "More", fileName = "c.mp4" }, 409);

        var file = Path.Combine(App.StorageRoot, "600-bytes.mp4");
        await File.WriteAllBytesAsync(file, new byte[600]);
        await Api.UploadAsync(undeclared, file);
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = undeclared.Key, size = 600 }));

        (await _quotas.UseAsync(QuotaNames.StoredBytes)).Used.ShouldBe(600, "what landed, not what was held");
        (await Api.RequestUploadAsync()).Url.Query.ShouldContain("max=400");
    }

    [Fact]
    public async Task a_deleted_video_and_an_upload_that_expired_give_their_quotas_back()
    {
        await _quotas.LimitAsync(new Dictionary<string, long> { [QuotaNames.Videos] = 2, [QuotaNames.PendingUploads] = 1 });
        var first = await Api.RequestUploadAsync();
        await Api.PostJsonAsync("/upload/request", new { title = "Second", fileName = "c.mp4" }, 409);

        await App.Host.MessageBus().InvokeAsync(new ReconcileUpload(first.VideoId, CloseIfNothingLanded: true));
        (await Api.VideoAsync(first.VideoId)).Status.ShouldBe("expired");
        (await _quotas.UseAsync(QuotaNames.PendingUploads)).Used.ShouldBe(0);
        var second = await Api.RequestUploadAsync();
        (await _quotas.UseAsync(QuotaNames.Videos)).Used.ShouldBe(2, "an expired video is still a video until it is deleted");
        await Api.PostJsonAsync("/upload/request", new { title = "Third", fileName = "c.mp4" }, 409);

        await Api.DeleteAsync($"/videos/{second.VideoId}", 202);
        await Api.DeleteAsync($"/videos/{first.VideoId}", 202);

        var standing = await Api.GetAsync<QuotaStandingDto>("/quotas");
        standing.Quotas.Where(q => q.Name is QuotaNames.Videos or QuotaNames.PendingUploads or QuotaNames.StoredBytes).ShouldAllBe(q => q.Used == 0);
        await Api.RequestUploadAsync();
    }

    [Fact]
    public async Task captions_go_only_on_an_uploaded_video_and_count_against_the_owners_tracks_and_bytes()
    {
        const string Vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi\n";
        var neverUploaded = (await Api.RequestUploadAsync()).VideoId;
        var refused = await Api.AddCaptionAsync(neverUploaded, "en", "English", Vtt, expectedStatus: 409);
        (await refused.ReadAsJsonAsync<ProblemDto>())!.Title.ShouldBe("The video has no media yet.");

        await _quotas.LimitAsync(new Dictionary<string, long> { [QuotaNames.CaptionTracks] = 1, [QuotaNames.CaptionBytes] = 100 });
        var video = await Api.UploadedVideoAsync();
        await Api.AddCaptionAsync(video, "en", "English", Vtt);
        var overTracks = await QuotaApi.OverQuotaAsync(await Api.AddCaptionAsync(video, "fr", "Français", Vtt, expectedStatus: 409));
        (overTracks.Quota, overTracks.Limit, overTracks.Used).ShouldBe((QuotaNames.CaptionTracks, 1L, 1L));
        await Api.AddCaptionAsync(video, "en", "English (again)", Vtt);
        var overBytes = await QuotaApi.OverQuotaAsync(
            await Api.AddCaptionAsync(video, "en", "English (long)", Vtt + new string('x', 200), expectedStatus: 409));
        overBytes.Quota.ShouldBe(QuotaNames.CaptionBytes);
        (await Api.GetAsync<List<CaptionDto>>($"/videos/{video}/captions")).ShouldHaveSingleItem().Label.ShouldBe("English (again)");

        await Api.DeleteAsync($"/videos/{video}/captions/en", 204);
        await Api.AddCaptionAsync(video, "fr", "Français", Vtt);
        await Api.DeleteAsync($"/videos/{video}", 202);

        (await _quotas.UseAsync(QuotaNames.CaptionTracks)).Used.ShouldBe(0);
        (await _quotas.UseAsync(QuotaNames.CaptionBytes)).Used.ShouldBe(0);
    }

    [Fact]
    public async Task a_video_past_the_owners_encoding_minutes_fails_naming_the_quota_and_is_encoded_once_there_is_room()
    {
        await _quotas.LimitAsync(QuotaNames.EncodedMinutesPerMonth, 0);

        var id = await Api.UploadAndProcessAsync(await TestClips.Tiny());

        var failed = await Api.VideoAsync(id);
        failed.Status.ShouldBe("failed");
        failed.LastError.ShouldNotBeNull().ShouldContain("'encodedMinutesPerMonth' quota is 0");
        (await Api.EventsAsync(id)).ShouldNotContain(e => e.Type == "SourceInspected", "nothing is recorded of an inspection the quota refused");

        await _quotas.LimitAsync(QuotaNames.EncodedMinutesPerMonth, 5);
        await Api.AndWaitForTheQueue(() => Api.PostAsync($"/videos/{id}/retry", 202));

        (await Api.VideoAsync(id)).Status.ShouldBe("processed");
        (await _quotas.UseAsync(QuotaNames.EncodedMinutesPerMonth)).Used.ShouldBe(1, "a clip of seconds counts as a whole minute");
    }

    [Fact]
    public async Task the_standing_query_gives_each_quota_its_limit_from_the_override_or_the_configured_default()
    {
        await _quotas.LimitAsync(QuotaNames.Videos, 1);
        await Api.RequestUploadAsync();
        await _quotas.LimitAsync(QuotaNames.WebhookEndpoints, 3);

        var standing = await App.Host.MessageBus().InvokeAsync<QuotaStanding>(new GetQuotaStanding(QuotaApi.DevOwner));

        standing.Quotas.Select(q => q.Name).ShouldBe(QuotaNames.All);
        standing.Quotas.Single(q => q.Name == QuotaNames.Videos).ShouldBe(new QuotaUse(QuotaNames.Videos, 10_000, 1, AtLimit: false, Exceeded: false),
            "a new set of overrides replaces the whole set: videos is back to its default");
        standing.Quotas.Single(q => q.Name == QuotaNames.WebhookEndpoints).Limit.ShouldBe(3);
        standing.AnyAtLimit.ShouldBeFalse();
        await Api.GetAsync<ProblemDto>("/quotas?owner=dev2", expectedStatus: 403);
        (await Api.GetAsync<QuotaStandingDto>("/quotas?owner=dev", VideoApi.AdminKey)).Quotas.Single(q => q.Name == QuotaNames.Videos).Used.ShouldBe(1);
    }


    private static HttpRequestMessage UploadRequest(string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/upload/request") { Content = JsonContent.Create(new { title, fileName = "c.mp4" }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", VideoApi.DevKey);
        return request;
    }
}
