using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.ClusterTests.Cluster;

/// <summary>
/// An owner's quota holds across real nodes: requests fired at the same moment at three processes get exactly what the
/// quota has left, the database deciding each in its commit; and the API calls each node counted add up in the usage.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HoldingQuotasAcrossNodes(ThreeNodeCluster cluster)
{
    /// <summary>The cluster's default <c>pendingUploads</c> (<see cref="ThreeNodeCluster"/>'s settings).</summary>
    public const int PendingUploads = 20;

    private const int Requests = 45;

    [Fact]
    public async Task upload_requests_fired_at_once_at_three_nodes_get_exactly_the_pending_uploads_left_and_every_call_is_metered()
    {
        // An owner of its own, made through the admin API: the other cluster specs' uploads and calls are not its.
        var key = await NewOwnersKeyAsync($"burst-{Guid.NewGuid():N}"[..20]);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sending = Enumerable.Range(0, Requests).Select(i => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/upload/request") { Content = JsonContent.Create(new { title = $"Burst {i}", fileName = "clip.mp4" }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            await start.Task;
            using var answer = await cluster.Node(i % ThreeNodeCluster.NodeCount).Client.SendAsync(request);
            return answer.StatusCode;
        })).ToList();
        start.SetResult();
        var answers = await Task.WhenAll(sending);

        answers.Count(a => a == HttpStatusCode.Created).ShouldBe(PendingUploads, string.Join(", ", answers));
        answers.Count(a => a == HttpStatusCode.Conflict).ShouldBe(Requests - PendingUploads, string.Join(", ", answers));
        var calls = await Eventually.WaitForAsync(() => ApiCallsAsync(key), n => n >= Requests, TimeSpan.FromSeconds(30), $"the {Requests} calls flushed by the three nodes");
        calls.ShouldBeLessThan(Requests + 30, "only the calls of this spec: the burst and the looks at the usage");
    }

    private async Task<string> NewOwnersKeyAsync(string owner)
    {
        using var admin = cluster.ClientWithKey(VideoApi.AdminKey);
        (await admin.PostAsJsonAsync("/admin/owners", new { id = owner })).EnsureSuccessStatusCode();
        using var created = await admin.PostAsJsonAsync($"/admin/owners/{owner}/keys", new { name = "burst" });
        created.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    private async Task<long> ApiCallsAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/usage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var answer = await cluster.Client.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        using var usage = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return usage.RootElement.GetProperty("owners")[0].GetProperty("totals").GetProperty("apiCalls").GetInt64();
    }
}
