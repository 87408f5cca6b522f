using Carter;
using FluentValidation;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.Contracts;
using Wolverine;

namespace VideoPipeline.Modules.Catalog.ListVideos;

/// <summary>The owner's videos (every owner's when <paramref name="OwnerId"/> is null: an admin), newest first, optionally of one status.</summary>
public sealed record ListVideos(string? OwnerId, string? Status, int Page, int PageSize)
{
    public sealed class Validator : AbstractValidator<ListVideos>
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

public sealed record VideoPage(IReadOnlyList<VideoView> Items, int Page, int PageSize, long TotalCount);

public static class ListVideosHandler
{
    public static async Task<VideoPage> Handle(ListVideos query, IQuerySession session, CancellationToken ct)
    {
        var videos = session.Query<VideoSummary>().AsQueryable();
        if (query.OwnerId is not null)
        {
            videos = videos.Where(v => v.OwnerId == query.OwnerId);
        }

        if (query.Status is not null)
        {
            videos = videos.Where(v => v.Status == query.Status);
        }

        var page = await videos
            .OrderByDescending(v => v.Steps.RequestedAt)
            .ToPagedListAsync(query.Page, query.PageSize, ct);
        return new VideoPage(page.Select(VideoView.From).ToList(), query.Page, query.PageSize, page.TotalItemCount);
    }
}

public sealed class ListVideosEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/videos", async (string? status, int? page, int? pageSize, HttpContext http, IMessageBus bus, IValidator<ListVideos> validator) =>
            {
                var query = new ListVideos(http.User.IsAdmin() ? null : http.User.OwnerId(), status, page ?? 1, pageSize ?? 20);
                var validation = await validator.ValidateAsync(query, http.RequestAborted);
                if (!validation.IsValid)
                {
                    return Results.ValidationProblem(validation.ToDictionary(), title: "The request is invalid.");
                }

                return Results.Ok(await bus.InvokeAsync<VideoPage>(query, http.RequestAborted));
            })
            .WithTags("Videos")
            .WithSummary("List the caller's videos (an admin key: everyone's), newest first.")
            .Produces<VideoPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
