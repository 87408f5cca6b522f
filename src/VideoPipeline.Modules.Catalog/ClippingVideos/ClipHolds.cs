namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>The clips' holds on the segments they play (<see cref="ClipHold"/>), counted in PostgreSQL.</summary>
internal static class ClipHolds
{
    /// <summary>Whether a clip still plays segments of <paramref name="videoId"/>.</summary>
    public static Task<bool> HeldAsync(IQuerySession session, Guid videoId, CancellationToken ct) =>
        session.Query<ClipHold>().AnyAsync(h => h.SegmentsOf == videoId, ct);

    /// <summary>
    /// Gives up <paramref name="clipId"/>'s hold on the segments of <paramref name="segmentsOf"/>, and answers whether they
    /// are to be purged now: that video is deleted and no other clip holds them. Under that video's stream lock (the one its
    /// deletion and a clip's creation take), so that of two last clips purged at once, the second sees the first's release.
    /// </summary>
    public static async Task<bool> ReleaseAsync(IDocumentSession session, Guid clipId, Guid segmentsOf, CancellationToken ct)
    {
        var owner = await session.Events.FetchForExclusiveWriting<CatalogVideo>(segmentsOf, ct);
        session.Delete<ClipHold>(clipId);
        var others = await session.Query<ClipHold>().AnyAsync(h => h.SegmentsOf == segmentsOf && h.Id != clipId, ct);
        return owner.Aggregate is { Deleted: true } && !others;
    }
}
