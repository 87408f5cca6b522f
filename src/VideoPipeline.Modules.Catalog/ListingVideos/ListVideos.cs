using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FluentValidation;
using Marten.Linq.MatchesSql;

namespace VideoPipeline.Modules.Catalog.ListingVideos;

/// <summary>The query string of <c>GET /videos</c>: a page by number, or the page after a cursor; the total only when asked for.</summary>
internal sealed record ListVideosRequest(string? Status, int? Page, int? PageSize, string? Cursor, bool? IncludeTotal)
{
    internal sealed class Validator : AbstractValidator<ListVideosRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Status).OneOf(VideoStatus.All);
            RuleFor(x => x.Page).PageNumber();
            RuleFor(x => x.PageSize).PageSize();
            RuleFor(x => x.Cursor)
                .Must(c => ListCursor.TryParse(c!, out _))
                .When(x => x.Cursor is not null)
                .WithMessage("'Cursor' must be a nextCursor value from an earlier answer.");
            RuleFor(x => x.Page)
                .Null()
                .When(x => x.Cursor is not null)
                .WithMessage("Use either 'Page' or 'Cursor', not both.");
        }
    }
}

/// <summary>
/// The owner's videos (every owner's when <paramref name="OwnerId"/> is null: an admin), newest first, optionally of one
/// status and with given metadata values, never a deleted one: page <paramref name="Page"/>, or the page after <paramref name="After"/>;
/// with how many match only when <paramref name="IncludeTotal"/>.
/// </summary>
public sealed record ListVideos(
    string? OwnerId, string? Status, int Page, int PageSize, IReadOnlyDictionary<string, string>? Metadata = null, ListCursor? After = null,
    bool IncludeTotal = false);

/// <summary>
/// Where a page ended: the last video's request time and id, the key the list is ordered by. The next page starts right
/// after it through the index, however deep into the catalogue, and a video added meanwhile never shifts it.
/// </summary>
public sealed record ListCursor(DateTimeOffset RequestedAt, Guid Id)
{
    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{RequestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Id:N}"));

    public static bool TryParse(string text, out ListCursor? cursor)
    {
        cursor = null;
        if (text.Length > 100 || !Base64Url.IsValid(text))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[1], "N", out var id))
        {
            return false;
        }

        cursor = new ListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}

/// <param name="Page">The page number asked for; null when the page was asked for by cursor.</param>
/// <param name="TotalCount">How many videos match, counted exactly, only when asked for (<c>includeTotal=true</c>): counting every match costs as much as reading them.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the page after this one; null on the last page.</param>
internal sealed record VideoPage(IReadOnlyList<VideoView> Items, int? Page, int PageSize, long? TotalCount, string? NextCursor);

public static class ListVideosHandler
{
    public static async Task<Answer> Handle(ListVideos query, IQuerySession session, CatalogOptions options, CancellationToken ct)
    {
        var videos = session.Query<VideoSummary>().Where(v => v.Status != VideoStatus.Deleted);
        if (query.OwnerId is not null)
        {
            videos = videos.Where(v => v.OwnerId == query.OwnerId);
        }

        if (query.Status is not null)
        {
            videos = videos.Where(v => v.Status == query.Status);
        }

        foreach (var (key, value) in query.Metadata ?? new Dictionary<string, string>())
        {
            videos = videos.Where(v => v.Metadata[key] == value);
        }

        var filtered = videos;
        if (query.After is { } after)
        {
            videos = videos.Where(v => v.MatchesSql($"({CatalogModule.RequestedAtColumn}, d.id) < (?, ?)", after.RequestedAt, after.Id));
        }
        else if (NumberedPages.Beyond(query.Page, query.PageSize, options.MaxNumberedVideos))
        {
            return await NumberedPages.RefuseAsync(filtered, query.PageSize, options.MaxNumberedVideos, ct);
        }
        else
        {
            videos = videos.Skip((query.Page - 1) * query.PageSize);
        }

        // One more than a page tells whether there is a next one.
        var found = await NumberedPages.NewestFirst(videos).Take(query.PageSize + 1).ToListAsync(ct);
        var items = found.Take(query.PageSize).ToList();
        var next = found.Count > query.PageSize ? NumberedPages.CursorAfter(items[^1]) : null;
        long? total = query.IncludeTotal ? await filtered.CountAsync(ct) : null;
        return Answer.Ok(new VideoPage(items.Select(VideoView.From).ToList(), query.After is null ? query.Page : null, query.PageSize, total, next));
    }
}

internal sealed class ListVideosEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos", ([AsParameters] ListVideosRequest request, MetadataFilter metadata, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new ListVideos(http.User.IsAdmin() ? null : http.User.OwnerId(), request.Status, request.Page ?? 1, request.PageSize ?? 20,
                        metadata.ToDictionary(), request.Cursor is { } cursor && ListCursor.TryParse(cursor, out var after) ? after : null,
                        request.IncludeTotal ?? false),
                    http.RequestAborted))
            .WithTags("Videos")
            .WithSummary("List the caller's videos (an admin key: everyone's), newest first, by page number or after the cursor of the previous page; metadata[key]=value keeps those with that metadata value.")
            .WithDescription(
                "Each page has `nextCursor` (null on the last page): pass it as `cursor` for the next page, at the same cost however deep. " +
                "Numbered pages (`page`) reach only the first `VideoPipeline:Catalog:MaxNumberedVideos` videos (default 1000); a page " +
                "starting beyond them is 400 problem+json with `lastNumberedPage` and `cursor` (the nextCursor of that last numbered page, " +
                "null when the list ends before it): continue from there by cursor. `totalCount` is null unless `includeTotal=true` " +
                "asks for it: an exact count of every match, made for that request only (it costs as much as reading them all).")
            .Produces<VideoPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
