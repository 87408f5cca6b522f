using FluentValidation;
using VideoPipeline.BuildingBlocks.Network;
using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Webhooks.Notifying;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Webhooks.RegisteringWebhooks;

/// <summary>An owner registers an endpoint for some (or, without <paramref name="Events"/>, all) event types.</summary>
public sealed record RegisterWebhook(string Url, IReadOnlyList<string>? Events = null, string? Description = null) : OwnedCommand
{
    internal sealed class Validator : AbstractValidator<RegisterWebhook>
    {
        public Validator(NetworkGuard guard)
        {
            RuleFor(x => x.Url).OutboundUrl(guard);
            RuleFor(x => x.Events)
                .Must(events => events!.All(e => e is not null && WebhookEventTypes.All.Contains(e)) && events!.Distinct().Count() == events!.Count)
                .When(x => x.Events is not null)
                .WithMessage($"'Events' must list distinct event types among: {string.Join(", ", WebhookEventTypes.All)}.");
            RuleFor(x => x.Description).MaximumLength(200).PlainText();
        }
    }
}

/// <summary>The registered endpoint, with its secret: the only time it is shown (rotating it shows the new one).</summary>
public sealed record RegisteredWebhook(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt, string Secret);

/// <summary>What registering needs besides the request: the new endpoint's id, secret and time.</summary>
public sealed record NewEndpoint(Guid Id, string Secret, DateTimeOffset CreatedAt);

public static class RegisterWebhookHandler
{
    public static NewEndpoint Load(RegisterWebhook command, TimeProvider clock) => new(Guid.CreateVersion7(), WebhookEndpoint.NewSecret(), clock.GetUtcNow());

    /// <summary>
    /// The endpoint is stored with one of the owner's <c>webhookEndpoints</c> held in the same commit: over the quota, nothing
    /// is. Every node hears that the owner has endpoints once it commits.
    /// </summary>
    public static (Answer, IMartenOp, IMartenOp, IMartenOp) Handle(RegisterWebhook command, NewEndpoint created, QuotaOptions quotas)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = created.Id,
            OwnerId = command.OwnerId,
            Url = command.Url,
            Events = command.Events?.ToList() ?? [],
            Description = command.Description,
            Secret = created.Secret,
            CreatedAt = created.CreatedAt,
        };
        return (Answer.Created($"/webhooks/{endpoint.Id}", new RegisteredWebhook(endpoint.Id, endpoint.Url, endpoint.Events, endpoint.Description, endpoint.CreatedAt, endpoint.Secret)),
            MartenOps.Store(endpoint),
            QuotaLedger.Hold(command.OwnerId, QuotaSubject.WebhookEndpoint(endpoint.Id), quotas, created.CreatedAt, new QuotaHold(QuotaNames.WebhookEndpoints, 1)),
            OwnersWithEndpoints.Changed(command.OwnerId));
    }
}

internal sealed class RegisterWebhookEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand<RegisterWebhook, RegisteredWebhook>("/webhooks", StatusCodes.Status201Created)
            .WithTags("Webhooks")
            .WithSummary("Register an endpoint for video events; the answer holds its signing secret, shown only here.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
