using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace VideoPipeline.Http;

/// <summary>
/// Writes every problem the service itself raises (429, 401, an unreadable request) as complete problem+json: type,
/// title, status, detail and a trace id, whatever the client's Accept header says. The framework's own writer declines
/// when a client asks for, say, text/html, which would leave a browser or a player with an empty error.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        problem.Type ??= status == StatusCodes.Status429TooManyRequests
            ? "https://www.rfc-editor.org/rfc/rfc6585#section-4"
            : $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);

        http.Response.ContentType = "application/problem+json";
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(), json.Value.SerializerOptions, http.RequestAborted));
    }
}
