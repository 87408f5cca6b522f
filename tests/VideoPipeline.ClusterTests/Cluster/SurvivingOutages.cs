using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// Faults done to the real processes while work flows: every node restarted in turn, PostgreSQL restarted, the S3
/// endpoint gone for 30 s in the middle of a ladder. Each time nothing is lost, nothing is processed twice, and no video
/// is left in <c>processing</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SurvivingOutages(ThreeNodeCluster cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task a_rolling_restart_of_every_node_while_uploads_flow_loses_nothing_and_processes_each_once()
    {
        var uploading = UploadSeveralAsync(count: 6, spacing: TimeSpan.FromSeconds(2));
        for (var node = 0; node < ThreeNodeCluster.NodeCount; node++)
        {
            await cluster.RestartAsync(node);
        }

        await EachProcessedOnceAsync(await uploading);
    }

    [Fact]
    public async Task postgres_restarted_under_load_loses_nothing_and_processes_each_once()
    {
        var uploading = UploadSeveralAsync(count: 4, spacing: TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Postgres.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await cluster.Postgres.UpAsync();

        await EachProcessedOnceAsync(await uploading);
    }

    [Fact]
    public async Task the_s3_endpoint_down_for_30_seconds_mid_ladder_delays_the_video_but_it_ends_processed_once()
    {
        var id = await cluster.UploadAsync(await TestClips.Hd720p10s(), "Storage outage");
        await cluster.WaitForVideoAsync(id, v => v.Status == "processing" && v.Progress > 0, "to be in its ladder", Patience);

        await cluster.S3.DownAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        await cluster.S3.UpAsync();

        await EachProcessedOnceAsync([id]);
        var video = await cluster.VideoAsync(id);
        video.Variants.Select(v => v.Resolution).ShouldBe(["720p", "480p", "360p"], ignoreOrder: true);
    }

    private async Task<List<Guid>> UploadSeveralAsync(int count, TimeSpan spacing)
    {
        var clip = await TestClips.Landscape480p();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await cluster.UploadAsync(clip, $"Under load {i}"));
            await Task.Delay(spacing);
        }

        return ids;
    }

    private async Task EachProcessedOnceAsync(IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            var video = await cluster.WaitForVideoAsync(id, v => v.Status is "processed" or "failed", "to finish", Patience);
            video.Status.ShouldBe("processed", $"video {id}: {video.LastError}\n{cluster.Logs()}");
            var events = await cluster.EventsAsync(id);
            events.Count(e => e.Type == "UploadCompleted").ShouldBe(1, $"video {id}");
            events.Count(e => e.Type == "ProcessingCompleted").ShouldBe(1, $"video {id}");
            var streamed = events.Where(e => e.Type == "StreamRenditionReady").Select(e => e.Data.GetProperty("rendition").GetString()).ToList();
            streamed.ShouldNotBeEmpty($"video {id}");
            streamed.ShouldBeUnique($"video {id}");
        }
    }
}
