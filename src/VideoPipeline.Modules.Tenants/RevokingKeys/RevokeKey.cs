using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Tenants.Directory;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.RevokingKeys;

/// <summary>A key is revoked: deleted, its <c>apiKeys</c> quota given back, and forgotten by every node as the deletion commits.</summary>
public sealed record RevokeKey(Guid KeyId, string OwnerId);

public static class RevokeKeyHandler
{
    public static async Task<StoredKey?> LoadAsync(RevokeKey command, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<StoredKey>(command.KeyId, ct) is { } key && key.OwnerId == command.OwnerId ? key : null;

    /// <summary>Another owner's key is not found, exactly like a missing one.</summary>
    public static (Answer, IMartenOp, IMartenOp, IMartenOp) Handle(RevokeKey command, StoredKey? key) =>
        key is null
            ? (Answer.NotFound("Key not found."), MartenOps.Nothing(), MartenOps.Nothing(), MartenOps.Nothing())
            : (Answer.NoContent, MartenOps.Delete(key), TenantChanges.KeyRevoked(key.Hash), QuotaLedger.Release(QuotaSubject.ApiKey(key.Id), QuotaNames.ApiKeys));

    public static void After(StoredKey? key, TenantDirectory directory)
    {
        if (key is not null)
        {
            directory.ForgetKey(key.Hash);
        }
    }
}

internal sealed class RevokeKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapOwnedCommand(HttpMethods.Delete, "/keys/{id:guid}", (id, owner) => new RevokeKey(id, owner))
            .WithTags("Keys")
            .WithSummary("Revoke one of your keys: refused on every node within a second.")
            .Produces(StatusCodes.Status204NoContent);
        app.MapAdmin().MapDelete("/owners/{owner}/keys/{id:guid}", (string owner, Guid id, IMessageBus bus, CancellationToken ct) =>
                bus.AnswerAsync(new RevokeKey(id, owner), ct))
            .WithSummary("Revoke an owner's key: refused on every node within a second.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
