using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// A JSON body a route may be called without: no body at all (whatever the Content-Type says) is null; a body must be
/// JSON (415 otherwise) and well formed (400), both answered as problem+json by the service's client-error handling.
/// </summary>
public static class OptionalJsonBody
{
    public static async ValueTask<T?> ReadAsync<T>(HttpContext http) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var hasBody = request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Send the body as application/json, or no body at all.", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
    }
}
