using Microsoft.AspNetCore.Http;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>What a route hands to its handler when the handler judges the request itself (a signed webhook).</summary>
public static class RawRequest
{
    /// <summary>The body exactly as sent, for a signature computed over its bytes; the route's body limit bounds it.</summary>
    public static async Task<byte[]> ReadBodyAsync(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? BearerToken(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
    }
}
