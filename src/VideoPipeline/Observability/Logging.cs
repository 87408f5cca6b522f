using Serilog;
using Serilog.Formatting.Compact;

namespace VideoPipeline.Observability;

public static class Logging
{
    /// <summary>
    /// Structured console logs for people and a rolling JSON file for machines. Log scopes flow into
    /// properties, so every line a transcode job writes carries its VideoId; each line also carries the trace id of the
    /// request or message it was written for (the JSON file as <c>@tr</c>).
    /// </summary>
    public static WebApplicationBuilder AddVideoPipelineLogging(this WebApplicationBuilder builder)
    {
        var filePath = builder.Configuration.GetValue("VideoPipeline:Logging:FilePath", "logs/videopipeline-.json")!;
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j} {TraceId}{NewLine}{Exception}")
            .WriteTo.File(new CompactJsonFormatter(), filePath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14));
        return builder;
    }

    /// <summary>Requests slower than this are logged at Information even when they succeed.</summary>
    public static readonly TimeSpan SlowRequest = TimeSpan.FromSeconds(1);

    /// <summary>
    /// One line per request when it ends: a failure (an exception or a 5xx) as an Error, a refusal (4xx) or a slow request at
    /// Information, and a quick success at Debug. At a platform's request rates, a line per successful request at the
    /// default level was a write to the console and to the file on every request; set
    /// <c>Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware</c> to <c>Debug</c> to see them all.
    /// </summary>
    public static WebApplication UseVideoPipelineRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options => options.GetLevel = LevelOf);
        return app;
    }

    public static Serilog.Events.LogEventLevel LevelOf(HttpContext http, double elapsedMilliseconds, Exception? exception) =>
        exception is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? Serilog.Events.LogEventLevel.Error
        : http.Response.StatusCode >= StatusCodes.Status400BadRequest || elapsedMilliseconds >= SlowRequest.TotalMilliseconds ? Serilog.Events.LogEventLevel.Information
        : Serilog.Events.LogEventLevel.Debug;
}
