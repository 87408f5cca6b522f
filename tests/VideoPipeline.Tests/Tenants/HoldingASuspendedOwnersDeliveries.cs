using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Webhooks;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Tenants;

/// <summary>A suspended owner's webhook deliveries wait, and go out once it is reinstated.</summary>
[Collection(IntegrationsCollection.Name)]
public sealed class HoldingASuspendedOwnersDeliveries(IntegrationsApp app) : HostSpec<IntegrationsApp>(app)
{
    private readonly string _path = $"/receiver/{Guid.NewGuid():N}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        App.Server.Map(_path, _ => 204);
    }

    [Fact]
    public async Task a_delivery_due_while_its_owner_is_suspended_is_sent_only_once_the_owner_is_reinstated()
    {
        var tenants = new TenantApi(Api);
        await new WebhookApi(Api).RegisterAsync(App.Server.Url(_path), ["video.upload.completed"]);
        await tenants.CreateOwnerAsync("dev");
        var ticket = await Api.RequestUploadAsync();
        await Api.UploadAsync(ticket, await TestClips.Tiny());
        await tenants.SuspendAsync("dev");

        await Api.NotifyUploadAsync(new { key = ticket.Key, size = 1 });

        // Another owner's delivery, due after it, is sent: the suspended owner's delivery was put off, not sent.
        var otherPath = _path + "/other";
        App.Server.Map(otherPath, _ => 204);
        await new WebhookApi(Api).RegisterAsync(App.Server.Url(otherPath), ["video.upload.completed"], VideoApi.OtherOwnersKey);
        var other = await Api.RequestUploadAsync(key: VideoApi.OtherOwnersKey);
        await Api.UploadAsync(other, await TestClips.Tiny());
        await Api.NotifyUploadAsync(new { key = other.Key, size = 1 });
        ReceivingSide.Event(await App.Server.NextAsync(otherPath, TimeSpan.FromSeconds(30))).Data.VideoId.ShouldBe(other.VideoId);
        App.Server.Take(_path).ShouldBeEmpty();
        await tenants.ReinstateAsync("dev");
        var received = await App.Server.NextAsync(_path, TimeSpan.FromSeconds(30));
        ReceivingSide.Event(received).Data.VideoId.ShouldBe(ticket.VideoId);
    }
}
