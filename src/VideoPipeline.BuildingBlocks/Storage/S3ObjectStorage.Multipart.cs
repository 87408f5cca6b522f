using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace VideoPipeline.BuildingBlocks.Storage;

public sealed partial class S3ObjectStorage : IMultipartUploads
{
    public async Task<string> StartAsync(string key, string contentType, CancellationToken ct)
    {
        try
        {
            var started = await _client.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = _bucket, Key = key, ContentType = contentType }, ct);
            return started.UploadId;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("multipart start", key, e);
        }
    }

    // maxBytes is not signed: an S3 presigned PUT cannot bound its size; the HEAD at completion checks the whole object.
    public Uri PresignPart(string key, string uploadId, int partNumber, long maxBytes, DateTimeOffset expiresAt)
    {
        var request = PresignRequest(_presigner, key, HttpVerb.PUT, expiresAt, contentType: null);
        request.UploadId = uploadId;
        request.PartNumber = partNumber;
        return new Uri(_presigner.GetPreSignedURL(request));
    }

    public async Task CompleteAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken ct)
    {
        try
        {
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts.Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
            }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            throw new InvalidMultipartUploadException($"S3 refused to complete the upload: {e.Message}", e);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("multipart complete", key, e);
        }
    }

    public async Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Completed or aborted already.
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("multipart abort", key, e);
        }
    }
}
