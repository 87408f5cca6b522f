using VideoPipeline.BuildingBlocks.Quotas;
using VideoPipeline.Modules.Tenants.Directory;
using Wolverine.Marten;

namespace VideoPipeline.Modules.Tenants.DeletingPlaybackRestrictions;

/// <summary>
/// A playback restriction is deleted: its quota given back, and forgotten by every node as the deletion commits; a
/// token still naming it is refused from then on (it no longer says where it may be used).
/// </summary>
public sealed record DeletePlaybackRestriction(Guid RestrictionId, string OwnerId);

public static class DeletePlaybackRestrictionHandler
{
    public static async Task<StoredPlaybackRestriction?> LoadAsync(DeletePlaybackRestriction command, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<StoredPlaybackRestriction>(command.RestrictionId, ct) is { } restriction && restriction.OwnerId == command.OwnerId ? restriction : null;

    /// <summary>Another owner's restriction is not found, exactly like a missing one.</summary>
    public static (Answer, IMartenOp, IMartenOp, IMartenOp) Handle(DeletePlaybackRestriction command, StoredPlaybackRestriction? restriction) =>
        restriction is null
            ? (Answer.NotFound("Playback restriction not found."), MartenOps.Nothing(), MartenOps.Nothing(), MartenOps.Nothing())
            : (Answer.NoContent, MartenOps.Delete(restriction), TenantChanges.RestrictionDeleted(restriction.Id),
                QuotaLedger.Release(QuotaSubject.PlaybackRestriction(restriction.Id), QuotaNames.PlaybackRestrictions));

    public static void After(StoredPlaybackRestriction? restriction, TenantDirectory directory)
    {
        if (restriction is not null)
        {
            directory.ForgetRestriction(restriction.Id);
        }
    }
}

internal sealed class DeletePlaybackRestrictionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapOwnedCommand(HttpMethods.Delete, "/playback-restrictions/{id:guid}", (id, owner) => new DeletePlaybackRestriction(id, owner))
            .WithTags("Signed playback")
            .WithSummary("Delete one of your playback restrictions: tokens naming it are refused from then on.")
            .Produces(StatusCodes.Status204NoContent);
}
