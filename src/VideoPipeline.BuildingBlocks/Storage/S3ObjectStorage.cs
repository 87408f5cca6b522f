using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Any S3 endpoint. Presigned URLs are signed for the endpoint clients reach (<see cref="S3StorageOptions.PublicServiceUrl"/>),
/// which may differ from the one the service talks to. Every failure to reach the store becomes
/// <see cref="StorageUnavailableException"/> so the caller can tell "retry later" from "no such object".
/// </summary>
public sealed partial class S3ObjectStorage : IObjectStorage, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _presigner;
    private readonly string _bucket;

    public S3ObjectStorage(S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new ArgumentException("VideoPipeline:Storage:S3:Bucket must be set for the S3 backend.", nameof(options));
        }

        _bucket = options.Bucket;
        _client = CreateClient(options, options.ServiceUrl);
        _presigner = options.PublicServiceUrl is null ? _client : CreateClient(options, options.PublicServiceUrl);
    }

    // maxBytes is not signed: S3 presigned PUTs cannot bound the size; the HEAD before processing re-checks it.
    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null)
    {
        var url = _presigner.GetPreSignedURL(PresignRequest(_presigner, key, HttpVerb.PUT, expiresAt, contentType));
        return new PresignedRequest(new Uri(url), "PUT", new Dictionary<string, string> { ["Content-Type"] = contentType });
    }

    public Uri PresignGet(string key, DateTimeOffset expiresAt) =>
        new(_presigner.GetPreSignedURL(PresignRequest(_presigner, key, HttpVerb.GET, expiresAt, contentType: null)));

    public async Task<ObjectHead?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, ct);
            return new ObjectHead(key, head.ContentLength, head.Headers.ContentType, head.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("HEAD", key, e);
        }
    }

    public Task<ObjectHead?> SealAsync(string key, CancellationToken ct) => HeadAsync(key, ct);

    public async Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct)
    {
        try
        {
            using var response = await _client.GetObjectAsync(
                new GetObjectRequest { BucketName = _bucket, Key = key, EtagToMatch = expected?.ETag }, ct);
            // If-Match is the pin; S3-compatible stores that ignore it are caught by comparing what came back.
            if (expected is not null && (response.ETag != expected.ETag || response.ContentLength != expected.Size))
            {
                throw new ObjectChangedException(key, expected, $"{response.ContentLength} bytes with ETag {response.ETag}");
            }

            await response.WriteResponseStreamToFileAsync(path, append: false, ct);
        }
        catch (Exception e) when (ReadFailure("GET", key, expected, e) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// A GET URL signed for the endpoint the service talks to, after a HEAD pinned to <paramref name="expected"/> (If-Match,
    /// then compared, for the stores that ignore it); each read through the URL sends If-Match again.
    /// </summary>
    public async Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key, EtagToMatch = expected?.ETag }, ct);
            if (expected is not null && (head.ETag != expected.ETag || head.ContentLength != expected.Size))
            {
                throw new ObjectChangedException(key, expected, $"{head.ContentLength} bytes with ETag {head.ETag}");
            }

            // SigV4 signs for a week at most; a run that long is bounded well before.
            var longest = DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-1);
            var url = _client.GetPreSignedURL(PresignRequest(_client, key, HttpVerb.GET, expiresAt < longest ? expiresAt : longest, contentType: null));
            return new ObjectLocation(url, IsUrl: true, head.ContentLength, head.ETag);
        }
        catch (Exception e) when (ReadFailure("HEAD", key, expected, e) is { } failure)
        {
            throw failure;
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct)
    {
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, ct);
            using var content = new MemoryStream();
            await response.ResponseStream.CopyToAsync(content, ct);
            return content.ToArray();
        }
        catch (AmazonClientException e) when (IsChecksumMismatch(e))
        {
            throw new ObjectCorruptException(key, e);
        }
        catch (Exception e) when (ReadFailure("GET", key, expected: null, e) is { } failure)
        {
            throw failure;
        }
    }

    // The SDK checks a GET's bytes against the object's MD5 ETag as it reads them, and says so only in its message.
    private static bool IsChecksumMismatch(AmazonClientException e) =>
        e.Message.Contains("Expected hash not equal to calculated hash", StringComparison.Ordinal);

    public async Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct)
    {
        try
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                FilePath = path,
                ContentType = contentType,
                // Plain (non aws-chunked) bodies: MinIO and s3rver do not all speak the streaming signature.
                UseChunkEncoding = false,
            }, ct);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("PUT", key, e);
        }
    }

    public async Task<int> DeleteAllAsync(string prefix, CancellationToken ct)
    {
        var deleted = 0;
        try
        {
            // Listed again from the start after each batch: what a batch removed is gone, so no continuation token is needed.
            while (true)
            {
                var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = 1000 }, ct);
                if (listed.S3Objects is not { Count: > 0 } objects)
                {
                    return deleted;
                }

                var result = await _client.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = _bucket,
                    Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    Quiet = true,
                }, ct);
                if (result.DeleteErrors is { Count: > 0 } errors)
                {
                    throw new StorageUnavailableException($"S3 did not delete {errors.Count} objects under '{prefix}': {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
                }

                deleted += objects.Count;
            }
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable("DELETE", prefix, e);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        if (!ReferenceEquals(_presigner, _client))
        {
            _presigner.Dispose();
        }
    }

    /// <summary>A request to sign with <paramref name="signer"/>, for the endpoint it talks to.</summary>
    private GetPreSignedUrlRequest PresignRequest(AmazonS3Client signer, string key, HttpVerb verb, DateTimeOffset expiresAt, string? contentType)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = verb,
            Expires = expiresAt.UtcDateTime,
            Protocol = signer.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        if (contentType is not null)
        {
            request.ContentType = contentType;
        }

        return request;
    }

    private static AmazonS3Client CreateClient(S3StorageOptions options, Uri? serviceUrl)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Only checksum when S3 requires it: trailing CRC checksums are not understood by every S3-compatible store.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromMinutes(5),
        };
        if (serviceUrl is null)
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = serviceUrl.ToString();
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    /// <summary>
    /// What a failed read of <paramref name="key"/> means to the caller: no such object, not the version
    /// <paramref name="expected"/> (If-Match refused), the store unreachable; null for a failure that is none of these.
    /// </summary>
    private Exception? ReadFailure(string operation, string key, ObjectVersion? expected, Exception e) => e switch
    {
        AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } => new ObjectNotFoundException(key),
        AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed } when expected is not null => new ObjectChangedException(key, expected, "a different ETag"),
        _ when IsUnavailable(e) => Unavailable(operation, key, e),
        _ => null,
    };

    // The SDK also fails inside its response parsing (an ArgumentOutOfRangeException named "hex", from a response's
    // checksum) when the store answers a GET while the object is being overwritten in place, as s3rver does with a
    // growing playlist: that answer is as passing as a dropped connection.
    private static bool IsUnavailable(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException or TimeoutException ||
        e is ArgumentOutOfRangeException { ParamName: "hex" } ||
        (e is TaskCanceledException && e.InnerException is TimeoutException);

    private StorageUnavailableException Unavailable(string operation, string key, Exception e) =>
        new($"S3 {operation} of '{key}' in bucket '{_bucket}' failed: {e.Message}", e);
}
