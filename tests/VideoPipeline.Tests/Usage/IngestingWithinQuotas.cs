using VideoPipeline.Contracts;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Usage;

/// <summary>
/// A URL ingest holds a video and one of the owner's concurrent ingests from its request, and the owner's storage as the
/// download proceeds: a source that does not fit stops there and fails the video naming the quota, giving everything back.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class IngestingWithinQuotas(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private readonly QuotaApi _quotas = new(new VideoApi(app));
    private readonly string _path = $"/source/{Guid.NewGuid():N}";

    [Fact]
    public async Task an_owner_with_no_ingest_left_is_refused_at_the_request_and_nothing_is_recorded()
    {
        await _quotas.LimitAsync(QuotaNames.ConcurrentUrlIngests, 0);

        var problem = await QuotaApi.OverQuotaAsync(await Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url(_path + "/a.mp4").ToString(), title = "A" }, 409));

        (problem.Quota, problem.Limit, problem.Used).ShouldBe((QuotaNames.ConcurrentUrlIngests, 0L, 0L));
        (await Api.GetAsync<VideoPageDto>("/videos")).Items.ShouldBeEmpty();
        App.Server.CallsTo(_path + "/a.mp4").ShouldBe(0);
    }

    [Fact]
    public async Task a_source_larger_than_the_storage_left_fails_naming_the_quota_and_gives_back_what_it_held()
    {
        await _quotas.LimitAsync(QuotaNames.StoredBytes, 100_000);
        var large = new byte[300_000];
        App.Server.Map(_path + "/streamed.mp4", async (http, _) =>
        {
            for (var sent = 0; sent < large.Length; sent += 65536)
            {
                await http.Response.Body.WriteAsync(large.AsMemory(sent, Math.Min(65536, large.Length - sent)));
                await http.Response.Body.FlushAsync();
            }
        });
        IngestAcceptedDto accepted = null!;

        await Api.AndWaitForTheQueue(async () => accepted = (await (await Api.PostJsonAsync(
            "/videos/from-url", new { url = App.Server.Url(_path + "/streamed.mp4").ToString(), title = "Too big" }, 202)).ReadAsJsonAsync<IngestAcceptedDto>())!);

        var video = await Api.VideoAsync(accepted.VideoId);
        video.Status.ShouldBe("failed");
        video.LastError.ShouldNotBeNull().ShouldContain("'storedBytes' quota is 100000");
        (await _quotas.UseAsync(QuotaNames.StoredBytes)).Used.ShouldBe(0);
        (await _quotas.UseAsync(QuotaNames.ConcurrentUrlIngests)).Used.ShouldBe(0);
    }

    [Fact]
    public async Task an_ingested_file_keeps_its_size_of_the_storage_and_its_ingest_slot_is_free_again()
    {
        var clip = await TestClips.Tiny();
        App.Server.MapFile(_path + "/clip.mp4", clip);
        IngestAcceptedDto accepted = null!;

        await Api.AndWaitForTheQueue(async () => accepted = (await (await Api.PostJsonAsync(
            "/videos/from-url", new { url = App.Server.Url(_path + "/clip.mp4").ToString(), title = "Fits" }, 202)).ReadAsJsonAsync<IngestAcceptedDto>())!);

        (await Api.VideoAsync(accepted.VideoId)).Status.ShouldBe("processed");
        (await _quotas.UseAsync(QuotaNames.StoredBytes)).Used.ShouldBe(new FileInfo(clip).Length);
        (await _quotas.UseAsync(QuotaNames.ConcurrentUrlIngests)).Used.ShouldBe(0);
        (await _quotas.UseAsync(QuotaNames.Videos)).Used.ShouldBe(1);
    }
}
