using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

namespace VideoPipeline.Operations;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, and in Development a browsable reference (Scalar) at <c>/scalar</c>.</summary>
public static class ApiDocs
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services) => services.AddOpenApi();

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference().AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }
}
