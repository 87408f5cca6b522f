using Microsoft.AspNetCore.Http;
using VideoPipeline.Contracts;
using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>
/// Webhook attempts take their turns from the fair scheduler, cluster-wide (four slots on this host, two per endpoint,
/// half of a node's slots per owner unless an admin sets its own): one owner's backlog delays another owner's delivery by
/// at most one running attempt per slot, however long it is, and an owner's cap holds on every node together.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class SharingTheDeliveries(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private const int Slots = 4;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(1);
    private readonly string _path = $"/sharing/{Guid.NewGuid():N}";

    private WebhookApi Webhooks => new(Api);

    [Fact]
    public async Task a_backlog_of_one_owners_deliveries_delays_another_owners_by_at_most_one_running_attempt_per_slot()
    {
        // Ten endpoints that answer, slowly, each video's upload: five uploads are a backlog of 50 deliveries, which the
        // owner's share (two at once) takes 25 seconds to work through.
        var slow = Enumerable.Range(0, 10).Select(i => $"{_path}/slow-{i}").ToList();
        foreach (var path in slow)
        {
            App.Server.Map(path, async (http, _) =>
            {
                await Task.Delay(SlowAnswer, http.RequestAborted);
                http.Response.StatusCode = 204;
            });
            await Webhooks.RegisterAsync(App.Server.Url(path), ["video.upload.completed"]);
        }

        App.Server.Map(_path + "/prompt", _ => 204);
        await Webhooks.RegisterAsync(App.Server.Url(_path + "/prompt"), ["video.upload.completed"], VideoApi.OtherOwnersKey);
        var notAVideo = await TestClips.NotAVideo();
        for (var i = 0; i < 5; i++)
        {
            await Api.UploadAndReportAsync(notAVideo);
        }

        await Eventually.WaitForAsync(() => App.Host.WaitingAsync(DeliverySlots.QueueName, "dev"), waiting => waiting >= 30, Within, "a backlog to be waiting for its turn");
        var reported = DateTimeOffset.UtcNow;
        await Api.UploadAndReportAsync(notAVideo, VideoApi.OtherOwnersKey);
        var prompt = await App.Server.NextAsync(_path + "/prompt", Within);

        var backlogStartedMeanwhile = slow.SelectMany(App.Server.Take).Count(call => call.At > reported && call.At < prompt.At);
        backlogStartedMeanwhile.ShouldBeLessThanOrEqualTo(Slots, "at most one of the backlog's attempts per slot may start before the other owner's");
        (await App.Host.WaitingAsync(DeliverySlots.QueueName, "dev")).ShouldBeGreaterThan(0, "the other owner's delivery went before the backlog was through, not after it");
    }

    [Fact]
    public async Task an_owners_cap_set_by_an_admin_holds_on_two_nodes_together()
    {
        await Api.AndWaitForTheQueue(() => new TenantApi(Api).CreateOwnerAsync("dev", limits: new() { [QuotaNames.ParallelWebhookDeliveries] = 1 }));
        await using var second = await App.AnotherNodeAsync();
        var attempts = new OpenAttempts();
        var slow = new[] { $"{_path}/slow-0", $"{_path}/slow-1" };
        foreach (var path in slow)
        {
            App.Server.Map(path, (http, _) => attempts.AnswerSlowlyAsync(http));
            await Webhooks.RegisterAsync(App.Server.Url(path), ["video.upload.completed"]);
        }

        var notAVideo = await TestClips.NotAVideo();
        for (var i = 0; i < 2; i++)
        {
            await Api.UploadAndReportAsync(notAVideo);
        }

        // Four deliveries to two endpoints, and eight delivery slots on the two nodes: without a cap the owner would make
        // its four attempts at once, and with a cap per node two at a time.
        await Eventually.WaitForAsync(() => Task.FromResult(slow.Sum(App.Server.CallsTo)), calls => calls >= 4, Within, "every delivery to have been attempted");

        attempts.Most.ShouldBe(1, "the owner's cap of one attempt at once holds on both nodes together");
    }

    /// <summary>An endpoint that answers after a while, counting the attempts it has open at once (one is closed before its answer goes).</summary>
    private sealed class OpenAttempts
    {
        private readonly Lock _gate = new();
        private int _open;

        public int Most { get; private set; }

        public async Task AnswerSlowlyAsync(HttpContext http)
        {
            lock (_gate)
            {
                Most = Math.Max(Most, ++_open);
            }

            try
            {
                await Task.Delay(SlowAnswer / 2, http.RequestAborted);
            }
            finally
            {
                lock (_gate)
                {
                    _open--;
                }
            }

            http.Response.StatusCode = 204;
        }
    }
}
