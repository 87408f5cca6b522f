using System.Diagnostics;
using System.Net.Http.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// Three nodes behind nginx are one service: live changes committed on one node reach listeners on the others (and a
/// listener that comes back resumes where it left off), and the recurring queue check runs once per occurrence, not
/// once per node.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SharingTheWork(ThreeNodeCluster cluster)
{
    [Fact]
    public async Task a_change_committed_on_one_node_reaches_a_listener_on_another_and_a_listener_resumes_after_its_last_event()
    {
        using var onNode2 = await ChangeFeed.OpenAsync(cluster.Node(1).Client);

        var first = await RequestUploadAsync(cluster.Node(0).Client);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var heard = await onNode2.NextSequencedAsync(deadline.Token);
        heard.ShouldBe(new SequencedChange(first, "UploadRequested", heard!.Sequence));

        // Committed while nobody listens; a listener that heard the first change and reconnects to a third node gets it.
        var second = await RequestUploadAsync(cluster.Node(0).Client);
        using var resumed = await ChangeFeed.OpenAsync(cluster.Node(2).Client, lastEventId: heard.Sequence);
        var replayed = await resumed.NextSequencedAsync(deadline.Token);
        replayed!.VideoId.ShouldBe(second);
        replayed.Type.ShouldBe("UploadRequested");
        replayed.Sequence.ShouldBeGreaterThan(heard.Sequence);
    }

    [Fact]
    public async Task the_recurring_queue_check_runs_once_per_occurrence_whatever_the_number_of_nodes()
    {
        // The check is scheduled every 5 s; over 20 s one node alone would run it 4 times, three nodes each on their own 12.
        var before = await cluster.CounterSumAsync("queue_checks_total");
        var window = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var checks = await cluster.CounterSumAsync("queue_checks_total") - before;
        var occurrences = window.Elapsed.TotalSeconds / 5;

        checks.ShouldBeInRange(Math.Floor(occurrences) - 1, Math.Ceiling(occurrences) + 1,
            $"{checks} checks ran on the three nodes in {window.Elapsed.TotalSeconds:F0} s\n{cluster.Logs()}");
    }

    private static async Task<Guid> RequestUploadAsync(HttpClient node)
    {
        using var answer = await node.PostAsJsonAsync("/upload/request", new { title = "Heard everywhere", fileName = "clip.mp4" });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<UploadTicketDto>())!.VideoId;
    }
}
