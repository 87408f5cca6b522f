using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Wolverine;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// The routes of commands a caller gives on their own behalf: the command carries the owner of the caller's API key,
/// goes through the bus and is answered through <see cref="Answers.ToHttp"/>; a request without a valid key is 401.
/// </summary>
public static class OwnedCommandRoutes
{
    /// <summary>
    /// POST <paramref name="pattern"/> with a <typeparamref name="TCommand"/> body, answered with a
    /// <typeparamref name="TAnswer"/> and <paramref name="status"/>; a body its validator refuses is 400, listing the failing fields.
    /// </summary>
    public static RouteHandlerBuilder MapOwnedCommand<TCommand, TAnswer>(this IEndpointRouteBuilder app, string pattern, int status)
        where TCommand : OwnedCommand =>
        app.MapPost(pattern, (TCommand command, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(((OwnedCommand)command) with { OwnerId = http.User.OwnerId() }, http.RequestAborted))
            .Produces<TAnswer>(status)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>
    /// <paramref name="method"/> <paramref name="pattern"/>: the command <paramref name="create"/> makes of the route's
    /// <c>{id}</c> and the caller's owner id; 404 when the caller has no such thing (none, or someone else's).
    /// </summary>
    public static RouteHandlerBuilder MapOwnedCommand(this IEndpointRouteBuilder app, string method, string pattern, Func<Guid, string, object> create) =>
        app.MapMethods(pattern, [method], (Guid id, HttpContext http, IMessageBus bus) =>
                bus.AnswerAsync(create(id, http.User.OwnerId()), http.RequestAborted))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
