using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Webhooks;
using VideoPipeline.Modules.Webhooks.RegisteringWebhooks;
using VideoPipeline.Modules.Webhooks.RemovingWebhooks;
using Wolverine.Marten;

namespace VideoPipeline.Tests.Webhooks.Deciding;

/// <summary>Given a new endpoint's id and secret, when an endpoint is registered or removed, then these changes (the quota is held or given back with them).</summary>
public sealed class RegisteringAnEndpoint
{
    private static readonly RegisterWebhook Command = new("https://hooks.example.com/in", ["video.processed"], "CI") { OwnerId = "owner-1" };

    [Fact]
    public void an_endpoint_is_stored_with_its_secret_shown_once_and_one_of_the_owners_endpoints_held()
    {
        var created = new NewEndpoint(Guid.CreateVersion7(), "whsec_secret", DateTimeOffset.UnixEpoch);

        var (answer, change, held, announced) = RegisterWebhookHandler.Handle(Command, created, new QuotaOptions());

        answer.Kind.ShouldBe(AnswerKind.Created);
        var registered = answer.Body.ShouldBeOfType<RegisteredWebhook>();
        (registered.Id, registered.Url, registered.Secret).ShouldBe((created.Id, Command.Url, "whsec_secret"));
        registered.Events.ShouldBe(["video.processed"]);
        WebhookEndpoint stored = ((dynamic)change).Document;
        stored.OwnerId.ShouldBe("owner-1");
        stored.Secret.ShouldBe("whsec_secret");
        held.ShouldNotBeOfType<NoOp>();
        announced.ShouldNotBeOfType<NoOp>("every node hears that the owner has endpoints now");
    }

    [Fact]
    public void removing_an_endpoint_gives_its_quota_back_with_the_endpoint_and_its_deliveries()
    {
        var endpoint = new WebhookEndpoint { Id = Guid.CreateVersion7(), OwnerId = "owner-1" };

        var (answer, deleted, _, freed, announced) = RemoveWebhookHandler.Handle(new RemoveWebhook(endpoint.Id, "owner-1"), endpoint);

        answer.ShouldBe(Answer.NoContent);
        deleted.ShouldNotBeOfType<NoOp>();
        freed.ShouldNotBeOfType<NoOp>();
        announced.ShouldNotBeOfType<NoOp>("every node hears that the owner's endpoints changed");
    }

    [Fact]
    public void removing_an_endpoint_that_is_not_the_owners_frees_nothing()
    {
        var (answer, _, _, freed, announced) = RemoveWebhookHandler.Handle(new RemoveWebhook(Guid.CreateVersion7(), "owner-1"), null);

        answer.Kind.ShouldBe(AnswerKind.NotFound);
        freed.ShouldBeOfType<NoOp>();
        announced.ShouldBeOfType<NoOp>();
    }
}
