using Microsoft.AspNetCore.Http;
using VideoPipeline.BuildingBlocks.Quotas;
using Wolverine;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>What a handler answers a command or query, in the terms of the HTTP contract.</summary>
public enum AnswerKind
{
    Ok,
    Created,
    Accepted,
    NoContent,
    Content,
    Redirect,
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unprocessable,
    Unavailable,

    /// <summary>The client left before the answer (a player leaving during a blocking reload): nobody reads it.</summary>
    ClientClosed,
}

/// <summary>
/// The answer of a handler invoked through the bus. Handlers stay free of HTTP; <see cref="Answers.ToHttp"/> is the one
/// mapping of an answer to a response (problem+json for every refusal).
/// </summary>
/// <param name="RetryAfter">With <see cref="AnswerKind.Unavailable"/>: when the caller should try again.</param>
/// <param name="Extensions">Members added to the problem+json of a refusal (the quota, its limit and what is used).</param>
/// <param name="CacheControl">The response's <c>Cache-Control</c>, when the answer says how long it may be kept.</param>
public sealed record Answer(
    AnswerKind Kind, object? Body = null, string? Location = null, string? Title = null, string? Detail = null, string? ContentType = null, TimeSpan? RetryAfter = null,
    IReadOnlyDictionary<string, object?>? Extensions = null, string? CacheControl = null)
{
    /// <summary>The video does not exist, or the caller may not know it does.</summary>
    public static Answer VideoNotFound { get; } = NotFound("Video not found.");

    public bool IsSuccess => Kind is AnswerKind.Ok or AnswerKind.Created or AnswerKind.Accepted or AnswerKind.NoContent or AnswerKind.Content or AnswerKind.Redirect;

    public static Answer Ok(object? body = null) => new(AnswerKind.Ok, body);

    public static Answer Created(string location, object body) => new(AnswerKind.Created, body, location);

    public static Answer Accepted(string? location = null, object? body = null) => new(AnswerKind.Accepted, body, location);

    /// <summary>Done, and nothing to say (a removal).</summary>
    public static Answer NoContent { get; } = new(AnswerKind.NoContent);

    /// <summary>A body that is not JSON (a playlist).</summary>
    public static Answer Content(string text, string contentType) => new(AnswerKind.Content, text, ContentType: contentType);

    /// <summary>The thing asked for is at <paramref name="location"/> (302): a signed storage or CDN URL.</summary>
    public static Answer Redirect(Uri location) => new(AnswerKind.Redirect, Location: location?.AbsoluteUri ?? throw new ArgumentNullException(nameof(location)));

    public static Answer Invalid(string title, string? detail = null) => new(AnswerKind.Invalid, Title: title, Detail: detail);

    /// <summary>The caller could not be authenticated (a webhook's signature).</summary>
    public static Answer Unauthorized(string title, string? detail = null) => new(AnswerKind.Unauthorized, Title: title, Detail: detail);

    public static Answer Forbidden(string title, string? detail = null) => new(AnswerKind.Forbidden, Title: title, Detail: detail);

    public static Answer NotFound(string title, string? detail = null) => new(AnswerKind.NotFound, Title: title, Detail: detail);

    public static Answer Conflict(string title, string? detail = null) => new(AnswerKind.Conflict, Title: title, Detail: detail);

    public static Answer Unprocessable(string title, string? detail = null) => new(AnswerKind.Unprocessable, Title: title, Detail: detail);

    /// <summary>
    /// The owner is over a quota: 409, as the request conflicts with the owner's current usage and succeeds once something is
    /// freed or the limit raised; the problem names the quota, its limit, what is used and what the request needed.
    /// </summary>
    public static Answer OverQuota(QuotaExceeded refusal) =>
        new(AnswerKind.Conflict, Title: $"Over the '{refusal?.Quota}' quota.", Detail: refusal!.Describe(), Extensions: new Dictionary<string, object?>
        {
            ["quota"] = refusal.Quota, ["limit"] = refusal.Limit, ["used"] = refusal.Used, ["requested"] = refusal.Requested,
        });

    /// <summary>The client went away while its request was held (nginx's 499): not a failure of the service.</summary>
    public static Answer ClientClosed { get; } = new(AnswerKind.ClientClosed, Title: "The client closed the request.");

    /// <summary>Something this service depends on did not answer; nothing changed and the same request can be sent again.</summary>
    public static Answer Unavailable(string title, string detail, TimeSpan retryAfter) =>
        new(AnswerKind.Unavailable, Title: title, Detail: detail, RetryAfter: retryAfter);
}

public static class Answers
{
    /// <summary>The one mapping from a handler's answer to HTTP.</summary>
    public static IResult ToHttp(this Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var result = answer.Kind switch
        {
            AnswerKind.Ok => Results.Ok(answer.Body),
            AnswerKind.Created => Results.Created(answer.Location, answer.Body),
            AnswerKind.Accepted => Results.Accepted(answer.Location, answer.Body),
            AnswerKind.NoContent => Results.NoContent(),
            AnswerKind.Content => Results.Text((string?)answer.Body, answer.ContentType, System.Text.Encoding.UTF8),
            AnswerKind.Redirect => Results.Redirect(answer.Location!),
            _ when answer.RetryAfter is { } retryAfter => new RetryLater(Problem(answer), retryAfter),
            _ => Problem(answer),
        };
        return answer.CacheControl is { } cacheControl ? new Cached(result, cacheControl) : result;
    }

    /// <summary>What a thin route does: one call to the bus, answered through <see cref="ToHttp"/>.</summary>
    public static async Task<IResult> AnswerAsync(this IMessageBus bus, object message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return (await bus.InvokeAsync<Answer>(message, ct).ConfigureAwait(false)).ToHttp();
    }

    /// <summary>The same, for a handler that may hold the request (a blocking playlist reload) for up to <paramref name="timeout"/>.</summary>
    public static async Task<IResult> AnswerAsync(this IMessageBus bus, object message, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return (await bus.InvokeAsync<Answer>(message, ct, timeout).ConfigureAwait(false)).ToHttp();
    }

    private static IResult Problem(Answer answer) =>
        Results.Problem(statusCode: StatusOf(answer.Kind), title: answer.Title, detail: answer.Detail, extensions: answer.Extensions);

    public static int StatusOf(AnswerKind kind) => kind switch
    {
        AnswerKind.Invalid => StatusCodes.Status400BadRequest,
        AnswerKind.Unauthorized => StatusCodes.Status401Unauthorized,
        AnswerKind.Forbidden => StatusCodes.Status403Forbidden,
        AnswerKind.NotFound => StatusCodes.Status404NotFound,
        AnswerKind.Conflict => StatusCodes.Status409Conflict,
        AnswerKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        AnswerKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        AnswerKind.ClientClosed => StatusCodes.Status499ClientClosedRequest,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a refusal."),
    };

    private sealed class Cached(IResult result, string cacheControl) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = cacheControl;
            return result.ExecuteAsync(httpContext);
        }
    }

    /// <summary>A refusal with a <c>Retry-After</c> header, in whole seconds.</summary>
    private sealed class RetryLater(IResult problem, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
