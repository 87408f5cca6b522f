using Microsoft.AspNetCore.Http;
using VideoPipeline.Modules.Uploads.IngestingFromUrls;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Uploads;

/// <summary>
/// URL downloads take their turns from the fair scheduler, cluster-wide (two slots on this host, one per owner unless an
/// admin sets its own): a backlog of one owner's sources delays another owner's ingest by at most one running download
/// per slot, however long it is.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class TakingTurnsToDownload(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private const int Slots = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly string _path = $"/turns/{Guid.NewGuid():N}";

    [Fact]
    public async Task a_backlog_of_one_owners_sources_delays_another_owners_ingest_by_at_most_one_running_download_per_slot()
    {
        // Each source answers after a second (then sends a small file that is not a video): ten of them (the owner's quota
        // of ingests at once) are a backlog its share (one at a time) takes ten seconds to work through.
        var notAVideo = await TestClips.NotAVideo();
        App.Server.Map(_path + "/backlog.mp4", async (http, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), http.RequestAborted);
            await http.Response.SendFileAsync(notAVideo, http.RequestAborted);
        });
        App.Server.MapFile(_path + "/prompt.mp4", notAVideo);
        for (var i = 0; i < 10; i++)
        {
            await Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url(_path + "/backlog.mp4"), title = $"Backlog {i}" }, 202);
        }

        await Eventually.WaitForAsync(() => App.Host.WaitingAsync(DownloadSlots.QueueName, "dev"), waiting => waiting >= 4, Within, "a backlog to be waiting for its turn");
        var requested = DateTimeOffset.UtcNow;
        await Api.PostJsonAsync("/videos/from-url", new { url = App.Server.Url(_path + "/prompt.mp4"), title = "The other owner's" }, 202, VideoApi.OtherOwnersKey);
        var prompt = await App.Server.NextAsync(_path + "/prompt.mp4", Within);

        var backlogStartedMeanwhile = App.Server.Take(_path + "/backlog.mp4").Count(call => call.At > requested && call.At < prompt.At);
        backlogStartedMeanwhile.ShouldBeLessThanOrEqualTo(Slots, "at most one of the backlog's downloads per slot may start before the other owner's");
        (await App.Host.WaitingAsync(DownloadSlots.QueueName, "dev")).ShouldBeGreaterThan(0, "the other owner's ingest went before the backlog was through, not after it");
    }
}
