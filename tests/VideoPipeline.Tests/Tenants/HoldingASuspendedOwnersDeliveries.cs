using VideoPipeline.Modules.Webhooks.DeliveringWebhooks;
using VideoPipeline.Tests.Infrastructure;
using VideoPipeline.Tests.Webhooks;
using Wolverine.Tracking;

namespace VideoPipeline.Tests.Tenants;

/// <summary>A suspended owner's webhook deliveries wait, and go out once it is reinstated.</summary>
[Collection(IntegrationsCollection.Name)]
public sealed class HoldingASuspendedOwnersDeliveries(IntegrationsApp app) : IAsyncLifetime
{
    private readonly VideoApi _api = new(app);
    private readonly string _path = $"/receiver/{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        app.Server.Map(_path, _ => 204);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_delivery_due_while_its_owner_is_suspended_is_sent_only_once_the_owner_is_reinstated()
    {
        var tenants = new TenantApi(_api);
        await new WebhookApi(_api).RegisterAsync(app.Server.Url(_path), ["video.upload.completed"]);
        await tenants.CreateOwnerAsync("dev");
        var ticket = await _api.RequestUploadAsync();
        await _api.UploadAsync(ticket, await TestClips.Tiny());
        await tenants.SuspendAsync("dev");

        var held = await _api.AndWaitForTheQueue(() => _api.NotifyUploadAsync(new { key = ticket.Key, size = 1 }));

        held.Scheduled.MessagesOf<DeliverWebhook>().ShouldNotBeEmpty("the delivery was put off");
        app.Server.Take(_path).ShouldBeEmpty();
        await tenants.ReinstateAsync("dev");
        var received = await app.Server.NextAsync(_path, TimeSpan.FromSeconds(30));
        ReceivingSide.Event(received).Data.VideoId.ShouldBe(ticket.VideoId);
    }
}
