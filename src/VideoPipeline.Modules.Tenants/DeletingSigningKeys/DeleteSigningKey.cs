using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Tenants.Directory;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.DeletingSigningKeys;

/// <summary>
/// A signing key is deleted: its <c>signingKeys</c> quota given back, and forgotten by every node as the deletion commits,
/// so every token it signed is refused everywhere within a second.
/// </summary>
public sealed record DeleteSigningKey(Guid KeyId, string OwnerId);

public static class DeleteSigningKeyHandler
{
    public static async Task<StoredSigningKey?> LoadAsync(DeleteSigningKey command, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<StoredSigningKey>(command.KeyId, ct) is { } key && key.OwnerId == command.OwnerId ? key : null;

    /// <summary>Another owner's key is not found, exactly like a missing one.</summary>
    public static (Answer, IMartenOp, IMartenOp, IMartenOp) Handle(DeleteSigningKey command, StoredSigningKey? key) =>
        key is null
            ? (Answer.NotFound("Signing key not found."), MartenOps.Nothing(), MartenOps.Nothing(), MartenOps.Nothing())
            : (Answer.NoContent, MartenOps.Delete(key), TenantChanges.SigningKeyDeleted(key.Id),
                QuotaLedger.Release(QuotaSubject.SigningKey(key.Id), QuotaNames.SigningKeys));

    public static void After(StoredSigningKey? key, TenantDirectory directory)
    {
        if (key is not null)
        {
            directory.ForgetSigningKey(key.Id);
        }
    }
}

internal sealed class DeleteSigningKeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Delete, "/signing-keys/{id:guid}", (id, owner) => new DeleteSigningKey(id, owner))
            .WithTags("Signed playback")
            .WithSummary("Delete one of your signing keys: every token it signed is refused on every node within a second.")
            .Produces(StatusCodes.Status204NoContent);
}
