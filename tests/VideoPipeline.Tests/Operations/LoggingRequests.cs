using Microsoft.AspNetCore.Http;
using Serilog.Events;
using VideoPipeline.Observability;

namespace VideoPipeline.Tests.Operations;

/// <summary>The line each request ends with: quick successes below the default level, refusals, slow requests and failures at or above it.</summary>
public sealed class LoggingRequests
{
    [Theory]
    [InlineData(201, 3, LogEventLevel.Debug)]
    [InlineData(202, 999, LogEventLevel.Debug)]
    [InlineData(200, 1000, LogEventLevel.Information)]
    [InlineData(409, 3, LogEventLevel.Information)]
    [InlineData(401, 3, LogEventLevel.Information)]
    [InlineData(503, 3, LogEventLevel.Error)]
    public void a_request_is_logged_at_the_level_its_outcome_deserves(int status, double milliseconds, LogEventLevel expected)
    {
        var http = new DefaultHttpContext();
        http.Response.StatusCode = status;

        VideoPipeline.Observability.Logging.LevelOf(http, milliseconds, exception: null).ShouldBe(expected);
    }

    [Fact]
    public void a_request_that_threw_is_an_error_whatever_its_status()
    {
        var http = new DefaultHttpContext();
        http.Response.StatusCode = 200;

        VideoPipeline.Observability.Logging.LevelOf(http, 3, new InvalidOperationException("boom")).ShouldBe(LogEventLevel.Error);
    }
}
