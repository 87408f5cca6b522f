using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Catalog;

/// <summary>
/// The encodes of clips' edges share the node's one slot among owners, as transcodes do: one owner's many clips delay
/// another owner's clip by at most the edges running when it was cut.
/// </summary>
[Collection(EmbeddedStorageCollection.Name)]
public sealed class TakingTurnsToMakeClipsFrameAccurate(EmbeddedStorageApp app) : HostSpec<EmbeddedStorageApp>(app)
{
    [Fact]
    public async Task a_backlog_of_one_owners_clips_delays_another_owners_clip_by_at_most_the_edges_running()
    {
        var file = await TestClips.Landscape480p();
        var mine = await Api.UploadAndProcessAsync(file);
        var ticket = await Api.RequestUploadAsync(title: "The other owner's video", key: VideoApi.OtherOwnersKey);
        await Api.UploadAsync(ticket, file);
        await Api.AndWaitForTheQueue(() => Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        var backlog = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            backlog.Add(await ClipAsync(mine, VideoApi.DevKey));
        }

        Guid other = default;
        await Api.AndWaitForTheQueue(async () => other = await ClipAsync(ticket.VideoId, VideoApi.OtherOwnersKey));

        var otherEvents = await Api.GetAsync<List<VideoEventDto>>($"/videos/{other}/events", VideoApi.OtherOwnersKey);
        var otherCut = otherEvents.Single(e => e.Type == "ClipCreated").Timestamp;
        var otherMade = otherEvents.Single(e => e.Type == "ClipMadeFrameAccurate").Timestamp;
        otherEvents.OrderBy(e => e.Version).SkipWhile(e => e.Type != "ClipMadeFrameAccurate").Select(e => e.Type).ShouldBe(
            ["ClipMadeFrameAccurate", "ThumbnailReady", "RenditionReady", "StoryboardReady", "ProcessingCompleted"],
            "its poster, MP4 (a single edge: the stretch lies in one segment) and storyboard come with it");
        var backlogMade = new List<DateTimeOffset>();
        foreach (var clip in backlog)
        {
            backlogMade.Add((await Api.EventsAsync(clip)).Single(e => e.Type == "ClipMadeFrameAccurate").Timestamp);
        }

        var waiting = backlogMade.Where(made => made > otherCut).ToList();
        waiting.Count.ShouldBeGreaterThanOrEqualTo(3, "the backlog was still waiting when the other owner's clip was cut");
        waiting.Count(made => made < otherMade).ShouldBeLessThanOrEqualTo(1, "only the backlog's clip that held the slot may be made before the other owner's");
    }

    private async Task<Guid> ClipAsync(Guid videoId, string key)
    {
        var created = await Api.PostJsonAsync($"/videos/{videoId}/clips", new { start = 0.3, end = 1.6 }, 201, key);
        return (await created.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
