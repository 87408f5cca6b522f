using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// The embedded store's presigned URLs: PUT and GET of one object, authorised by the URL's signature instead of an API key,
/// the way an S3 presigned URL is. Only answers when the embedded store is the configured backend.
/// </summary>
public sealed class StorageEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        // Not rate limited: like S3, the store serves only what the service signed, and one HLS play is many segment requests.
        var storage = app.MapGroup("/storage").AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        storage.MapPut("/{**key}", PutAsync);
        storage.MapGet("/{**key}", Get);
    }

    private static async Task<IResult> PutAsync(string key, HttpContext http, TimeProvider clock)
    {
        if (http.RequestServices.GetService<FileSystemObjectStorage>() is not { } store)
        {
            return NotHere();
        }

        var query = http.Request.Query;
        var isPart = query.ContainsKey("upload");
        var partNumber = int.TryParse(query["part"], out var number) ? number : 0;
        long? maxBytes = long.TryParse(query["max"], out var max) ? max : null;
        var signedFor = isPart
            ? FileSystemObjectStorage.PartDescriptor(query["upload"].ToString(), partNumber)
            : FileSystemObjectStorage.PutDescriptor(http.Request.ContentType, maxBytes);
        if (Refused(store, "PUT", key, signedFor, http, clock) is { } refusal)
        {
            return refusal;
        }

        // Uploads are as large as the upload limits allow, not Kestrel's 30 MB default.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        if (isPart)
        {
            try
            {
                http.Response.Headers.ETag = await store.WritePartAsync(key, query["upload"].ToString(), partNumber, http.Request.Body, http.RequestAborted);
                return Results.Ok(new { key, partNumber });
            }
            catch (InvalidMultipartUploadException e)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such multipart upload", detail: e.Message);
            }
        }

        long size;
        try
        {
            size = await store.WriteAsync(key, http.Request.Body, http.RequestAborted, maxBytes);
        }
        catch (ObjectTooLargeException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: e.Message);
        }
        catch (ObjectSealedException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The upload is complete", detail: e.Message);
        }

        http.Response.Headers.ETag = (await store.HeadAsync(key, http.RequestAborted))?.ETag;
        return Results.Ok(new { key, size });
    }

    private static IResult Get(string key, HttpContext http, TimeProvider clock)
    {
        if (http.RequestServices.GetService<FileSystemObjectStorage>() is not { } store)
        {
            return NotHere();
        }

        if (Refused(store, "GET", key, contentType: null, http, clock) is { } refusal)
        {
            return refusal;
        }

        return store.FileOf(key) is { } path
            ? Results.File(path, FileSystemObjectStorage.ContentTypeOf(key), enableRangeProcessing: true)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such object", detail: $"No object exists at '{key}'.");
    }

    private static IResult? Refused(FileSystemObjectStorage store, string method, string key, string? contentType, HttpContext http, TimeProvider clock)
    {
        var query = http.Request.Query;
        var valid = ObjectKeys.IsValid(key) &&
                    string.Equals(query["method"], method, StringComparison.Ordinal) &&
                    long.TryParse(query["expires"], out var expires) &&
                    store.Signer.IsValid(method, key, expires, contentType, query["sig"], clock.GetUtcNow());
        return valid
            ? null
            : Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Invalid or expired storage URL",
                detail: method == "PUT"
                    ? "The URL's signature does not match this key, method and Content-Type, or it has expired. Request a new upload URL."
                    : "The URL's signature does not match this key, or it has expired. Ask for a new playback URL.");
    }

    private static IResult NotHere() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The embedded store is not in use",
            detail: "This service stores objects in S3; use the URLs it issues for that.");
}
