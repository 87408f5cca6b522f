using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Http;
using VideoPipeline.BuildingBlocks.Security;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// The embedded store's presigned URLs: PUT and GET of one object, authorised by the URL's signature instead of an API key,
/// the way an S3 presigned URL is. Only answers when the embedded store is the configured backend.
/// </summary>
public sealed class StorageEndpoints : ICarterModule
{
    private static readonly HashSet<string> GrantFields = new(StringComparer.Ordinal) { "method", "expires", "max", "upload", "part", "sig" };

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        // Not rate limited: like S3, the store serves only what the service signed, and one HLS play is many segment requests.
        var storage = app.MapGroup("/storage").AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        // The grant bounds the body while it is written (the declared size, a part's size); the server's JSON limit does not apply.
        storage.MapPut("/{**key}", PutAsync).WithBodyLimit(null);
        // What players fetch from the store (segments, MP4, thumbnail, storyboard sprite) is read from any origin, as S3's bucket CORS allows.
        storage.MapGet("/{**key}", Get).RequirePlaybackCors();
    }

    private static async Task<IResult> PutAsync(string key, HttpContext http, TimeProvider clock)
    {
        if (http.RequestServices.GetService<FileSystemObjectStorage>() is not { } store)
        {
            return NotHere();
        }

        if (GrantOf("PUT", key, http.Request, store, clock) is not { } grant)
        {
            return Refused("PUT");
        }

        try
        {
            if (grant is { UploadId: { } uploadId, PartNumber: { } partNumber })
            {
                http.Response.Headers.ETag = await store.WritePartAsync(key, uploadId, partNumber, http.Request.Body, grant.MaxBytes, http.RequestAborted);
                return Results.Ok(new { key, partNumber });
            }

            var size = await store.WriteAsync(key, http.Request.Body, http.RequestAborted, grant.MaxBytes);
            http.Response.Headers.ETag = (await store.HeadAsync(key, http.RequestAborted))?.ETag;
            return Results.Ok(new { key, size });
        }
        catch (InvalidMultipartUploadException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such multipart upload", detail: e.Message);
        }
        catch (ObjectTooLargeException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: e.Message);
        }
        catch (ObjectSealedException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The upload is complete", detail: e.Message);
        }
        catch (ObjectGoneException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The video was deleted", detail: e.Message);
        }
    }

    private static IResult Get(string key, HttpContext http, TimeProvider clock)
    {
        if (http.RequestServices.GetService<FileSystemObjectStorage>() is not { } store)
        {
            return NotHere();
        }

        if (GrantOf("GET", key, http.Request, store, clock) is null)
        {
            return Refused("GET");
        }

        return store.FileOf(key) is { } path
            ? Results.File(path, FileSystemObjectStorage.ContentTypeOf(key), enableRangeProcessing: true)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such object", detail: $"No object exists at '{key}'.");
    }

    /// <summary>
    /// The grant the request presents, when its signature is valid and unexpired; otherwise null. Each field comes from
    /// one place (the Content-Type from the header of a whole-object PUT, everything else from the query, each at most
    /// once), so a field cannot be moved into a header or into another field.
    /// </summary>
    private static StorageGrant? GrantOf(string method, string key, HttpRequest request, FileSystemObjectStorage store, TimeProvider clock)
    {
        var query = request.Query;
        if (!ObjectKeys.IsValid(key) || query.Any(p => p.Value.Count != 1 || !GrantFields.Contains(p.Key)) || query["method"] != method)
        {
            return null;
        }

        // Each number has one spelling (CanonicalNumber), and the signature one too (lowercase hex, HexMac).
        if (!CanonicalNumber.TryParse(query["expires"], out var expires))
        {
            return null;
        }

        long? maxBytes = null;
        if (query.TryGetValue("max", out var max))
        {
            if (!CanonicalNumber.TryParse(max, out var parsed))
            {
                return null;
            }

            maxBytes = parsed;
        }

        var uploadId = query.TryGetValue("upload", out var upload) ? upload.ToString() : null;
        int? partNumber = null;
        if (query.TryGetValue("part", out var part))
        {
            if (!CanonicalNumber.TryParse(part, out var parsed) || parsed > int.MaxValue)
            {
                return null;
            }

            partNumber = (int)parsed;
        }

        if ((uploadId is null) != (partNumber is null) || (method == "GET" && (maxBytes is not null || uploadId is not null)))
        {
            return null;
        }

        var contentType = method == "PUT" && uploadId is null ? request.ContentType : null;
        var grant = new StorageGrant(method, key, expires, contentType, maxBytes, uploadId, partNumber);
        return store.Signer.IsValid(grant, query["sig"], clock.GetUtcNow()) ? grant : null;
    }

    private static IResult Refused(string method) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Invalid or expired storage URL",
            detail: method == "PUT"
                ? "The URL's signature does not match this key, method, Content-Type and terms, or it has expired. Request a new upload URL."
                : "The URL's signature does not match this key, or it has expired. Ask for a new playback URL.");

    private static IResult NotHere() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The embedded store is not in use",
            detail: "This service stores objects in S3; use the URLs it issues for that.");
}
