using System.Globalization;
using System.Security.Cryptography;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// Multipart uploads in the embedded store: each upload is a folder under <c>.multipart/</c> (outside the key space:
/// keys cannot start a segment with a dot) holding the key it belongs to and one file per part; a part's ETag is the
/// MD5 of its bytes, as on S3.
/// </summary>
public sealed partial class FileSystemObjectStorage : IMultipartUploads
{
    private const string KeyFile = "key";

    public async Task<string> StartAsync(string key, string contentType, CancellationToken ct)
    {
        ObjectKeys.EnsureValid(key);
        var uploadId = Guid.NewGuid().ToString("N");
        var folder = UploadFolder(uploadId);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, KeyFile), key, ct);
        return uploadId;
    }

    public Uri PresignPart(string key, string uploadId, int partNumber, long maxBytes, DateTimeOffset expiresAt) =>
        SignedUrl(new StorageGrant("PUT", key, expiresAt.ToUnixTimeSeconds(), ContentType: null, maxBytes, uploadId, partNumber));

    /// <summary>
    /// Stores one part; returns its ETag. Throws <see cref="ObjectTooLargeException"/> (and stores nothing) past
    /// <paramref name="maxBytes"/>, and <see cref="ObjectGoneException"/> (keeping nothing) when the key's video is deleted.
    /// </summary>
    public async Task<string> WritePartAsync(string key, string uploadId, int partNumber, Stream content, long? maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        RefuseIfDeleted(key);
        var folder = await FolderOfAsync(key, uploadId, ct);
        var part = Path.Combine(folder, PartFileName(partNumber));
        var temp = part + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await WriteBoundedAsync(content, temp, maxBytes, md5, ct);
            RefuseIfDeleted(key);
            File.Move(temp, part, overwrite: true);
            if (IsDeleted(key))
            {
                // Deleted while the part was written: the upload is being aborted, and this part goes with it.
                DeleteIfThere(part);
                throw new ObjectGoneException(key);
            }

            return Quote(Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException && IsDeleted(key))
        {
            // The upload's folder was aborted under the write.
            throw new ObjectGoneException(key);
        }
        finally
        {
            DeleteIfThere(temp);
        }
    }

    public async Task CompleteAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var folder = await FolderOfAsync(key, uploadId, ct);
        if (parts.Count == 0 || parts.Zip(parts.Skip(1), (a, b) => b.PartNumber > a.PartNumber).Any(ascending => !ascending))
        {
            throw new InvalidMultipartUploadException("Name at least one part, in ascending order of part number.");
        }

        var files = new List<string>();
        foreach (var part in parts)
        {
            var file = Path.Combine(folder, PartFileName(part.PartNumber));
            if (!File.Exists(file))
            {
                throw new InvalidMultipartUploadException($"Part {part.PartNumber} was never uploaded.");
            }

            await using (var stream = File.OpenRead(file))
            {
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                var buffer = new byte[81920];
                int read;
                while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                }

                var etag = Quote(Convert.ToHexStringLower(md5.GetHashAndReset()));
                if (!string.Equals(etag, Quote(part.ETag.Trim('"')), StringComparison.Ordinal))
                {
                    throw new InvalidMultipartUploadException($"Part {part.PartNumber} has the ETag {etag}, not {part.ETag}.");
                }
            }

            files.Add(file);
        }

        await using (var joined = new ConcatenatedFiles(files))
        {
            await WriteAsync(key, joined, ct);
        }

        Directory.Delete(folder, recursive: true);
    }

    public Task AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        var folder = UploadFolder(uploadId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<string> FolderOfAsync(string key, string uploadId, CancellationToken ct)
    {
        var folder = UploadFolder(uploadId);
        var keyFile = Path.Combine(folder, KeyFile);
        if (!File.Exists(keyFile) || await File.ReadAllTextAsync(keyFile, ct) != key)
        {
            throw new InvalidMultipartUploadException($"No multipart upload '{uploadId}' of '{key}' is in progress.");
        }

        return folder;
    }

    private string UploadFolder(string uploadId) =>
        Guid.TryParseExact(uploadId, "N", out _)
            ? Path.Combine(_root, ".multipart", uploadId)
            : throw new InvalidMultipartUploadException($"'{uploadId}' is not an upload id of this store.");

    private static string PartFileName(int partNumber) =>
        partNumber is >= 1 and <= 10_000
            ? partNumber.ToString("D5", CultureInfo.InvariantCulture)
            : throw new InvalidMultipartUploadException($"Part numbers run from 1 to 10000, not {partNumber}.");

    private static string Quote(string etag) => "\"" + etag + "\"";
}
