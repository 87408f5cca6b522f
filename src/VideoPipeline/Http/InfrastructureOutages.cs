using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Http;

/// <summary>
/// Storage or the database not answering, at any step of any request (a filter, a handler's load, the commit): nothing was
/// changed and the same request can be sent again, so the answer is 503 problem+json with <c>Retry-After</c>, never a 500.
/// The exception is recognised wherever it sits in the chain (Marten and Wolverine wrap Npgsql's).
/// </summary>
internal sealed class InfrastructureOutages(IProblemDetailsService problems) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (OutageIn(exception) is not { } unavailable || http.Response.HasStarted)
        {
            return false;
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return await ClientsLeaving.AnsweredAsync(http, async () => await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is briefly unavailable.",
                Detail = $"{unavailable} did not answer; nothing was changed. Send the same request again later.",
            },
        }));
    }

    /// <summary>Which dependency is out ("Storage", "The database", ...), or null when the exception is not an outage.</summary>
    public static string? OutageIn(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            switch (e)
            {
                case StorageUnavailableException:
                    return "Storage";
                case NpgsqlException { IsTransient: true }:
                    return "The database";
                case SocketException:
                    return "A service it depends on";
                case AggregateException aggregate:
                    aggregate.InnerExceptions.ToList().ForEach(pending.Push);
                    continue;
            }

            if (e.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }
}
