using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace VideoPipeline.Http;

/// <summary>
/// A request the framework could not read (a body past its limit, no or a wrong Content-Type, malformed JSON, a route or
/// query value that does not bind) is the client's mistake: 4xx problem+json saying what is wrong, in every environment.
/// </summary>
internal sealed class ClientErrors(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, Describe(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, $"The body is not valid JSON: {json.Message}"),
            _ => (0, null),
        };
        if (status is < 400 or >= 500 || http.Response.HasStarted)
        {
            return false;
        }

        http.Response.StatusCode = status;
        return await ClientsLeaving.AnsweredAsync(http, async () => await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = TitleOf(status), Detail = detail },
        }));
    }

    private static string TitleOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body has an unsupported Content-Type.",
        _ => "The request is malformed.",
    };

    // The JSON reader's message names the position; the inner exception says what was wrong there.
    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
}

public static class ClientErrorsRegistration
{
    /// <summary>
    /// Binding failures throw (by default they do only in Development, and answer an empty 400 elsewhere) so that every
    /// environment answers them the same way, through <see cref="ClientErrors"/>; an outage of storage or the database is
    /// a 503 (<see cref="InfrastructureOutages"/>); a quota the commit would exceed is the over-quota 409 (<see cref="QuotaRefusals"/>).
    /// These are the only exceptions turned into answers; any other is a 500.
    /// </summary>
    public static IServiceCollection AddClientErrors(this IServiceCollection services) =>
        services
            .Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true)
            .AddExceptionHandler<ClientErrors>()
            .AddExceptionHandler<InfrastructureOutages>()
            .AddExceptionHandler<QuotaRefusals>();
}
