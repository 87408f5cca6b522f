using System.Diagnostics;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// kill -9 of the node that is transcoding: another node finishes the video within two minutes, once, without redoing
/// what was recorded; when the dead node comes back it stops the ffmpeg it left behind and clears its temp folder.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SurvivingANodeCrash(ThreeNodeCluster cluster)
{
    [Fact]
    public async Task a_node_killed_mid_transcode_leaves_the_video_to_another_node_which_finishes_it_once()
    {
        var id = await cluster.UploadAsync(await TestClips.Hd720p10s(), "Killed mid-transcode");
        await cluster.WaitForVideoAsync(id, v => v.Status == "processing" && v.Progress > 0, "to be transcoding", TimeSpan.FromMinutes(2));
        var started = (await cluster.EventsAsync(id)).Last(e => e.Type == "ProcessingStarted");
        var dead = Enumerable.Range(0, ThreeNodeCluster.NodeCount).Single(i => ThreeNodeCluster.NodeName(i) == started.Data.GetProperty("node").GetString());
        FfmpegProcesses.Under(cluster.TempRootOf(dead)).ShouldNotBeEmpty("ffmpeg should be running when the node dies");

        await cluster.KillAsync(dead);
        var sinceTheKill = Stopwatch.StartNew();
        var video = await cluster.WaitForVideoAsync(id, v => v.Status is "processed" or "failed", "to be finished by another node", TimeSpan.FromMinutes(2));
        sinceTheKill.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(2));
        video.Status.ShouldBe("processed", cluster.Logs());

        var events = await cluster.EventsAsync(id);
        events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1);
        events.Count(e => e.Type == "UploadCompleted").ShouldBe(1);
        events.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString())
            .ShouldBe(["720p", "480p", "360p", "audio"], ignoreOrder: true);
        video.Variants.Select(v => v.Resolution).ShouldBe(["720p", "480p", "360p"], ignoreOrder: true);
        events.Where(e => e.Type == "ProcessingStarted").Select(e => e.Data.GetProperty("node").GetString())
            .ShouldContain(node => node != ThreeNodeCluster.NodeName(dead), "another node took the attempt");

        await cluster.StartAsync(dead);
        FfmpegProcesses.Under(cluster.TempRootOf(dead)).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(cluster.TempRootOf(dead)).ShouldBeEmpty();
    }
}
