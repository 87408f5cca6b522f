using System.Globalization;

namespace VideoPipeline.Modules.Catalog.ListingVideos;

/// <summary>
/// The list's one order (newest first, then by id: the owner's, status and newest indexes, read backwards) and how deep
/// numbered pages reach: <see cref="CatalogOptions.MaxNumberedVideos"/>, beyond which cursor paging takes over.
/// </summary>
internal static class NumberedPages
{
    public static IQueryable<VideoSummary> NewestFirst(IQueryable<VideoSummary> videos) =>
        videos.OrderByDescending(v => v.Steps.RequestedAt).ThenByDescending(v => v.Id);

    public static string? CursorAfter(VideoSummary last) => last.Steps.RequestedAt is { } at ? new ListCursor(at, last.Id).ToString() : null;

    /// <summary>Whether page <paramref name="page"/> would start past the first <paramref name="maxNumberedVideos"/> videos.</summary>
    public static bool Beyond(int page, int pageSize, int maxNumberedVideos) => (long)(page - 1) * pageSize >= maxNumberedVideos;

    /// <summary>
    /// 400 problem+json naming the last numbered page and the cursor that continues right after it (null when the list
    /// ends before), read from the index at the depth numbered pages reach and no further.
    /// </summary>
    public static async Task<Answer> RefuseAsync(IQueryable<VideoSummary> filtered, int pageSize, int maxNumberedVideos, CancellationToken ct)
    {
        var lastPage = (maxNumberedVideos + pageSize - 1) / pageSize;
        var last = await NewestFirst(filtered).Skip(lastPage * pageSize - 1).Take(1).ToListAsync(ct);
        var cursor = last.Count == 1 ? CursorAfter(last[0]) : null;
        var reach = lastPage.ToString(CultureInfo.InvariantCulture);
        return new Answer(AnswerKind.Invalid,
            Title: "Numbered pages do not reach this deep.",
            Detail: $"At pageSize {pageSize.ToString(CultureInfo.InvariantCulture)}, numbered pages end at page {reach}. Go further by cursor: " +
                    (cursor is null ? "the list ends before that page." : "pass 'cursor' (below) for the page after it, then each page's nextCursor."),
            Extensions: new Dictionary<string, object?> { ["lastNumberedPage"] = lastPage, ["cursor"] = cursor });
    }
}
