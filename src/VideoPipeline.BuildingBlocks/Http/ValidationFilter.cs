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
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder route) where T : class =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var body = context.Arguments.OfType<T>().FirstOrDefault();
            if (body is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A JSON request body is required.");
            }

            return await ProblemFor(context.HttpContext, body).ConfigureAwait(false) ?? await next(context).ConfigureAwait(false);
        }).ProducesValidationProblem();

    /// <summary>The 400 validation problem for <paramref name="body"/>, or null when it is valid.</summary>
    public static async Task<IResult?> ProblemFor<T>(HttpContext http, T body)
    {
        ArgumentNullException.ThrowIfNull(http);
        var validator = http.RequestServices.GetRequiredService<IValidator<T>>();
        var result = await validator.ValidateAsync(body, http.RequestAborted).ConfigureAwait(false);
        if (result.IsValid)
        {
            return null;
        }

        var errors = result.Errors
            .GroupBy(e => JsonName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        return Results.ValidationProblem(errors, title: "The request is invalid.");
    }

    private static string JsonName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? propertyName : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
