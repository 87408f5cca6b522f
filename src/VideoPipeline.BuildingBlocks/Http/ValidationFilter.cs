using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// Runs the FluentValidation validator of a request body before the endpoint and answers
/// 400 problem+json listing every failing field, so a bad request changes nothing.
/// </summary>
public static class ValidationFilter
{
    /// <param name="optional">The body may be left out; only a body that is there is validated.</param>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder route, bool optional = false) where T : class =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var body = context.Arguments.OfType<T>().FirstOrDefault();
            if (body is null)
            {
                return optional
                    ? await next(context).ConfigureAwait(false)
                    : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A JSON request body is required.");
            }

            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
            if (result.IsValid)
            {
                return await next(context).ConfigureAwait(false);
            }

            var errors = result.Errors
                .GroupBy(e => JsonName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            return Results.ValidationProblem(errors, title: "The request is invalid.");
        }).ProducesValidationProblem();

    private static string JsonName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
