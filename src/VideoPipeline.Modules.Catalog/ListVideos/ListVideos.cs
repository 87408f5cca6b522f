using FluentValidation;
using Marten.Pagination;

namespace VideoPipeline.Modules.Catalog.ListVideos;

/// <summary>The query string of <c>GET /videos</c>.</summary>
internal sealed record ListVideosRequest(string? Status, int? Page, int? PageSize)
{
    internal sealed class Validator : AbstractValidator<ListVideosRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Status)
                .Must(s => VideoStatus.All.Contains(s!))
                .When(x => x.Status is not null)
                .WithMessage($"'Status' must be one of: {string.Join(", ", VideoStatus.All)}.");
            RuleFor(x => x.Page).InclusiveBetween(1, 1_000_000);
            RuleFor(x => x.PageSize).InclusiveBetween(1, 100);
        }
    }
}

/// <summary>
/// The owner's videos (every owner's when <paramref name="OwnerId"/> is null: an admin), newest first, optionally of one
/// status and with given metadata values; never a deleted one.
/// </summary>
public sealed record ListVideos(string? OwnerId, string? Status, int Page, int PageSize, IReadOnlyDictionary<string, string>? Metadata = null);

internal sealed record VideoPage(IReadOnlyList<VideoView> Items, int Page, int PageSize, long TotalCount);

public static class ListVideosHandler
{
    public static async Task<Answer> Handle(ListVideos query, IQuerySession session, CancellationToken ct)
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

        var page = await videos
            .OrderByDescending(v => v.Steps.RequestedAt)
            .ToPagedListAsync(query.Page, query.PageSize, ct);
        return Answer.Ok(new VideoPage(page.Select(VideoView.From).ToList(), query.Page, query.PageSize, page.TotalItemCount));
    }
}

internal sealed class ListVideosEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos", ([AsParameters] ListVideosRequest request, MetadataFilter metadata, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(new ListVideos(
                        http.User.IsAdmin() ? null : http.User.OwnerId(), request.Status, request.Page ?? 1, request.PageSize ?? 20, metadata.ToDictionary()),
                    http.RequestAborted))
            .WithTags("Videos")
            .WithSummary("List the caller's videos (an admin key: everyone's), newest first; metadata[key]=value keeps those with that metadata value.")
            .Produces<VideoPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
