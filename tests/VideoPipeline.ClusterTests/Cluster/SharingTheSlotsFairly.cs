using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// The transcode slots of the whole cluster (one per node here) are shared among owners: whichever node frees a slot
/// gives it to the owner with the least work in hand, so one owner's backlog delays another's video by at most one
/// running job per slot.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SharingTheSlotsFairly(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task a_backlog_of_one_owner_does_not_delay_another_on_any_node()
    {
        var clip = await TestClips.Tiny();
        var backlog = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            backlog.Add(await cluster.UploadAsync(clip, $"Bulk import {i}"));
        }

        await cluster.WaitForVideoAsync(backlog[0], v => v.Status != "uploaded" && v.Status != "awaiting_upload", "to start", Within);
        using var otherOwner = cluster.ClientWithKey(VideoApi.OtherOwnersKey);
        var other = await cluster.UploadAsync(clip, "The other owner's clip", otherOwner);

        await cluster.WaitForVideoAsync(other, v => v.Status == "processed", "to be processed", Within, otherOwner);
        foreach (var video in backlog)
        {
            await cluster.WaitForVideoAsync(video, v => v.Status == "processed", "to be processed", Within);
        }

        var otherEvents = await cluster.EventsAsync(other, otherOwner);
        var queued = otherEvents.Single(e => e.Type == "UploadCompleted").Timestamp;
        var started = otherEvents.Single(e => e.Type == "ProcessingStarted").Timestamp;
        var backlogStarts = new List<DateTimeOffset>();
        foreach (var video in backlog)
        {
            backlogStarts.Add((await cluster.EventsAsync(video)).Single(e => e.Type == "ProcessingStarted").Timestamp);
        }

        backlogStarts.Count(s => s > queued && s < started).ShouldBeLessThanOrEqualTo(ThreeNodeCluster.NodeCount,
            $"at most one job per slot may start after the other owner's video was queued and before it\n{cluster.Logs()}");
        backlogStarts.Count(s => s > started).ShouldBeGreaterThan(0, "the backlog was still waiting when the other owner's video started");
    }
}
