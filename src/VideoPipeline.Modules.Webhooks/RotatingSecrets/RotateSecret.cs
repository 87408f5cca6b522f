using Wolverine.Marten;

namespace VideoPipeline.Modules.Webhooks.RotatingSecrets;

/// <summary>The owner replaces an endpoint's secret: every delivery from now on is signed with the new one.</summary>
public sealed record RotateSecret(Guid EndpointId, string OwnerId);

public sealed record RotatedSecret(Guid Id, string Secret, DateTimeOffset RotatedAt);

public sealed record SecretRotation(WebhookEndpoint? Endpoint, string NewSecret, DateTimeOffset At);

public static class RotateSecretHandler
{
    public static async Task<SecretRotation> LoadAsync(RotateSecret command, IQuerySession session, TimeProvider clock, CancellationToken ct) =>
        new(await OwnedEndpoint.LoadAsync(session, command.EndpointId, command.OwnerId, ct), WebhookEndpoint.NewSecret(), clock.GetUtcNow());

    public static (Answer, IMartenOp) Handle(RotateSecret command, SecretRotation rotation)
    {
        if (rotation.Endpoint is not { } endpoint)
        {
            return (OwnedEndpoint.NotFound, MartenOps.Nothing());
        }

        (endpoint.Secret, endpoint.SecretRotatedAt) = (rotation.NewSecret, rotation.At);
        return (Answer.Ok(new RotatedSecret(endpoint.Id, endpoint.Secret, rotation.At)), MartenOps.Store(endpoint));
    }
}

internal sealed class RotateSecretEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Post, "/webhooks/{id:guid}/rotate-secret", (id, owner) => new RotateSecret(id, owner))
            .WithTags("Webhooks")
            .WithSummary("Replace the endpoint's signing secret; the answer shows the new one, once.")
            .Produces<RotatedSecret>();
}
