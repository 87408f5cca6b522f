using System.Diagnostics;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Webhooks;

/// <summary>
/// Deliveries are at least once: a receiver that fails is tried again with a growing wait, for a day (the host's
/// clock is moved on instead of waiting it out), and a delivery that never got through is kept and can be sent again.
/// </summary>
[Collection(IntegrationsCollection.Name)]
public sealed class RetryingDeliveries(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly string _path = $"/receiver/{Guid.NewGuid():N}";

    private WebhookApi Webhooks => new(Api);

    [Fact]
    public async Task a_delivery_answered_500_is_retried_with_the_same_event_until_the_receiver_accepts_it()
    {
        App.Server.Map(_path, call => call <= 2 ? 500 : 204);
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.upload.completed"]);

        await Api.AndWaitForTheQueue(async () => await Api.UploadAndReportAsync(await TestClips.NotAVideo()));

        var calls = new[] { await App.Server.NextAsync(_path, Within), await App.Server.NextAsync(_path, Within), await App.Server.NextAsync(_path, Within) };
        calls.Select(c => ReceivingSide.Event(c).Id).Distinct().ShouldHaveSingleItem();
        calls.Select(c => c.Text).Distinct().ShouldHaveSingleItem("every attempt sends the same body");
        var delivery = await Webhooks.DeliveryAsync(endpoint.Id, "video.upload.completed", d => d.Status == "succeeded", "the third attempt to succeed");
        delivery.Attempts.Select(a => a.StatusCode).ShouldBe([500, 500, 204]);
        delivery.Attempts[0].Error.ShouldNotBeNull().ShouldContain("500");
        delivery.NextAttemptAt.ShouldBeNull();
        delivery.EventId.ShouldBe(ReceivingSide.Event(calls[0]).Id);
    }

    [Fact]
    public async Task a_delivery_still_failing_after_a_day_is_kept_as_failed_and_can_be_redelivered()
    {
        var accepting = false;
        App.Server.Map(_path, _ => Volatile.Read(ref accepting) ? 200 : 503);
        var endpoint = await Webhooks.RegisterAsync(App.Server.Url(_path), ["video.upload.completed"]);
        await Api.AndWaitForTheQueue(async () => await Api.UploadAndReportAsync(await TestClips.NotAVideo()));
        var first = ReceivingSide.Event(await App.Server.NextAsync(_path, Within));
        await App.Server.NextAsync(_path, Within);

        App.Clock.Advance(TimeSpan.FromHours(24));
        var failed = await Webhooks.DeliveryAsync(endpoint.Id, "video.upload.completed", d => d.Status == "failed", "the delivery to give up after a day");

        failed.NextAttemptAt.ShouldBeNull();
        failed.Attempts.Count.ShouldBeGreaterThanOrEqualTo(3);
        failed.Attempts.ShouldAllBe(a => a.StatusCode == 503);
        (failed.Attempts[^1].At - failed.Attempts[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromHours(24));
        (await Webhooks.DeliveriesAsync(endpoint.Id, "?status=failed")).Items.ShouldHaveSingleItem();
        App.Server.Take(_path).Count.ShouldBeGreaterThanOrEqualTo(1, "the attempts made after the first two");

        Volatile.Write(ref accepting, true);
        await Api.PostAsync($"/webhooks/{endpoint.Id}/deliveries/{failed.Id}/redeliver", 202);

        var again = await App.Server.NextAsync(_path, Within);
        ReceivingSide.Event(again).Id.ShouldBe(first.Id);
        var redelivered = await Webhooks.DeliveryAsync(endpoint.Id, "video.upload.completed", d => d.Status == "succeeded", "the redelivery to succeed");
        redelivered.Attempts[^1].StatusCode.ShouldBe(200);
        await Api.PostAsync($"/webhooks/{endpoint.Id}/deliveries/{Guid.NewGuid()}/redeliver", 404);
    }

    [Fact]
    public async Task a_receiver_that_never_answers_holds_back_neither_processing_nor_another_owners_deliveries()
    {
        // Eight deliveries to a receiver that hangs, more than the node's four delivery slots: without a bound per
        // endpoint they would take every slot, and the other owner's delivery would wait behind them for two timeouts.
        App.Server.MapHanging(_path + "/hanging");
        App.Server.Map(_path + "/prompt", _ => 204);
        await Webhooks.RegisterAsync(App.Server.Url(_path + "/hanging"), ["video.upload.completed", "video.failed"]);
        await Webhooks.RegisterAsync(App.Server.Url(_path + "/prompt"), ["video.upload.completed"], VideoApi.OtherOwnersKey);
        var notAVideo = await TestClips.NotAVideo();
        var hung = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            hung.Add((await Api.UploadAndReportAsync(notAVideo)).VideoId);
        }

        foreach (var video in hung)
        {
            (await Eventually.WaitForAsync(() => Api.VideoAsync(video), v => v.Status == "failed", Within, "processing to end")).LastError.ShouldNotBeNull();
        }

        App.Server.CallsTo(_path + "/hanging").ShouldBeGreaterThan(0);
        var reported = Stopwatch.StartNew();
        await Api.UploadAndReportAsync(notAVideo, VideoApi.OtherOwnersKey);
        await App.Server.NextAsync(_path + "/prompt", Within);

        reported.Elapsed.ShouldBeLessThan(IntegrationsApp.AttemptTimeout, "the other owner's delivery did not wait for attempts to the hanging receiver to time out");
    }

    [Fact]
    public async Task hanging_endpoints_of_one_owner_do_not_delay_another_owners_delivery()
    {
        // Four endpoints that hang, each allowed two of the node's four delivery slots: without a share per owner, one
        // owner's deliveries would take every slot, and the other owner's would wait behind them for a timeout or more.
        App.Server.Map(_path + "/prompt", _ => 204);
        for (var i = 0; i < 4; i++)
        {
            App.Server.MapHanging($"{_path}/hanging-{i}");
            await Webhooks.RegisterAsync(App.Server.Url($"{_path}/hanging-{i}"), ["video.upload.completed", "video.failed"]);
        }

        await Webhooks.RegisterAsync(App.Server.Url(_path + "/prompt"), ["video.upload.completed"], VideoApi.OtherOwnersKey);
        var notAVideo = await TestClips.NotAVideo();
        for (var i = 0; i < 3; i++)
        {
            await Api.UploadAndReportAsync(notAVideo);
        }

        await Eventually.WaitForAsync(() => Task.FromResult(Enumerable.Range(0, 4).Sum(i => App.Server.CallsTo($"{_path}/hanging-{i}"))), calls => calls >= 2,
            Within, "the hanging endpoints to hold their owner's share of the slots");
        var reported = Stopwatch.StartNew();
        await Api.UploadAndReportAsync(notAVideo, VideoApi.OtherOwnersKey);
        await App.Server.NextAsync(_path + "/prompt", Within);

        reported.Elapsed.ShouldBeLessThan(IntegrationsApp.AttemptTimeout, "the other owner's delivery did not wait for the hanging endpoints' attempts to time out");
    }
}
