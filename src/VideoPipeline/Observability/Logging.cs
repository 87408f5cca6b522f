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

    public static WebApplication UseVideoPipelineRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging();
        return app;
    }
}
