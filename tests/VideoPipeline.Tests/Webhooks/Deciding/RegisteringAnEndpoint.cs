using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Modules.Webhooks;
using VideoPipeline.Modules.Webhooks.RegisteringWebhooks;
using VideoPipeline.Modules.Webhooks.RemovingWebhooks;
using Wolverine.Marten;

namespace VideoPipeline.Tests.Webhooks.Deciding;

/// <summary>Given the slot the database gave (or did not give) the owner, when an endpoint is registered or removed, then these changes.</summary>
public sealed class RegisteringAnEndpoint
{
    private static readonly WebhooksOptions Options = new();
    private static readonly RegisterWebhook Command = new("https://hooks.example.com/in", ["video.processed"], "CI") { OwnerId = "owner-1" };

    [Fact]
    public void an_owner_given_a_slot_has_the_endpoint_stored_with_its_secret_shown_once()
    {
        var slot = new NewEndpoint(SlotTaken: true, Guid.CreateVersion7(), "whsec_secret", DateTimeOffset.UnixEpoch);

        var (answer, change) = RegisterWebhookHandler.Handle(Command, slot, Options);

        answer.Kind.ShouldBe(AnswerKind.Created);
        var registered = answer.Body.ShouldBeOfType<RegisteredWebhook>();
        (registered.Id, registered.Url, registered.Secret).ShouldBe((slot.Id, Command.Url, "whsec_secret"));
        registered.Events.ShouldBe(["video.processed"]);
        change.ShouldNotBeOfType<NoOp>();
        WebhookEndpoint stored = ((dynamic)change).Document;
        stored.OwnerId.ShouldBe("owner-1");
        stored.Secret.ShouldBe("whsec_secret");
    }

    [Fact]
    public void an_owner_whose_slots_are_all_in_use_is_refused_and_nothing_is_stored()
    {
        var (answer, change) = RegisterWebhookHandler.Handle(Command, new NewEndpoint(SlotTaken: false, Guid.CreateVersion7(), "whsec_secret", DateTimeOffset.UnixEpoch), Options);

        answer.Kind.ShouldBe(AnswerKind.Conflict);
        answer.Detail.ShouldBe("An owner may register at most 10; remove one first.");
        change.ShouldBeOfType<NoOp>();
    }

    [Fact]
    public void removing_an_endpoint_gives_its_owners_slot_back_with_the_endpoint_and_its_deliveries()
    {
        var endpoint = new WebhookEndpoint { Id = Guid.CreateVersion7(), OwnerId = "owner-1" };

        var (answer, deleted, _, freed) = RemoveWebhookHandler.Handle(new RemoveWebhook(endpoint.Id, "owner-1"), endpoint);

        answer.ShouldBe(Answer.NoContent);
        deleted.ShouldNotBeOfType<NoOp>();
        freed.ShouldBe(EndpointQuota.Release("owner-1"));
    }

    [Fact]
    public void removing_an_endpoint_that_is_not_the_owners_frees_nothing()
    {
        var (answer, _, _, freed) = RemoveWebhookHandler.Handle(new RemoveWebhook(Guid.CreateVersion7(), "owner-1"), null);

        answer.Kind.ShouldBe(AnswerKind.NotFound);
        freed.ShouldBeOfType<NoOp>();
    }
}
