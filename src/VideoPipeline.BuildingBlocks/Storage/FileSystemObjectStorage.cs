using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.StaticFiles;

namespace VideoPipeline.BuildingBlocks.Storage;

/// <summary>
/// The embedded store: objects are files under a root folder, and presigned URLs point at the service's own
/// <c>/storage/{key}</c> endpoint. Every write goes to a temp file first and is moved into place, so a reader
/// never sees half an object; nothing is written under a deleted prefix (<see cref="ObjectGoneException"/>).
/// </summary>
public sealed partial class FileSystemObjectStorage : IObjectStorage
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string _root;
    private readonly Uri _publicBaseUrl;

    public FileSystemObjectStorage(FileSystemStorageOptions options, StorageUrlSigner signer)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(options.Root);
        _publicBaseUrl = options.PublicBaseUrl ?? throw new ArgumentException("The embedded store needs a PublicBaseUrl.", nameof(options));
        Signer = signer;
        Directory.CreateDirectory(_root);
    }

    public StorageUrlSigner Signer { get; }

    public PresignedRequest PresignPut(string key, string contentType, DateTimeOffset expiresAt, long? maxBytes = null) =>
        new(
            SignedUrl(new StorageGrant("PUT", key, expiresAt.ToUnixTimeSeconds(), contentType, maxBytes)),
            "PUT",
            new Dictionary<string, string> { ["Content-Type"] = contentType });

    public Uri PresignGet(string key, DateTimeOffset expiresAt) => SignedUrl(new StorageGrant("GET", key, expiresAt.ToUnixTimeSeconds()));

    public Task<ObjectHead?> HeadAsync(string key, CancellationToken ct)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists
            ? new ObjectHead(key, file.Length, ContentTypeOf(key), ETagOf(file))
            : null);
    }

    public Task<ObjectHead?> SealAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult<ObjectHead?>(null);
        }

        // Read-only is the seal: WriteAsync refuses to replace a read-only object (renaming over it would not care).
        File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        return HeadAsync(key, ct);
    }

    public async Task DownloadToFileAsync(string key, string path, ObjectVersion? expected, CancellationToken ct)
    {
        FileStream input;
        try
        {
            input = File.OpenRead(PathOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }

        await using (input)
        {
            // Checked on the open handle: a replacement renamed into place later cannot change what this stream reads.
            var found = ETagOf(input.Length, File.GetLastWriteTimeUtc(input.SafeFileHandle));
            if (expected is not null && (found != expected.ETag || input.Length != expected.Size))
            {
                throw new ObjectChangedException(key, expected, $"{input.Length} bytes with ETag {found}");
            }

            await using var output = File.Create(path);
            await input.CopyToAsync(output, ct);
        }
    }

    /// <summary>The object's own file: a completed upload is sealed (<see cref="SealAsync"/>), so no write replaces what is read.</summary>
    public Task<ObjectLocation> LocateAsync(string key, ObjectVersion? expected, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var file = new FileInfo(PathOf(key));
        if (!file.Exists)
        {
            throw new ObjectNotFoundException(key);
        }

        var found = ETagOf(file);
        if (expected is not null && (found != expected.ETag || file.Length != expected.Size))
        {
            throw new ObjectChangedException(key, expected, $"{file.Length} bytes with ETag {found}");
        }

        return Task.FromResult(new ObjectLocation(file.FullName, IsUrl: false, file.Length));
    }

    public async Task<byte[]> ReadAllBytesAsync(string key, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    public async Task UploadFileAsync(string key, string path, string contentType, CancellationToken ct)
    {
        await using var input = File.OpenRead(path);
        await WriteAsync(key, input, ct);
    }

    /// <summary>
    /// Removes everything under <paramref name="prefix"/> for good: the prefix is marked deleted first, so a write still in
    /// flight (a streaming PUT, a part, a transcode's output) is refused and takes back what it stored (see <see cref="WriteAsync"/>).
    /// </summary>
    public Task<int> DeleteAllAsync(string prefix, CancellationToken ct)
    {
        var folder = FolderOf(prefix);
        MarkDeleted(prefix);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult(0);
        }

        // Sealed objects are read-only files; on Unix that does not keep them from being deleted with their folder.
        var count = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".partial", StringComparison.Ordinal));
        RemoveFolder(folder);
        return Task.FromResult(count);
    }

    /// <summary>
    /// Stores the stream as the object <paramref name="key"/>, replacing any previous one atomically; throws
    /// <see cref="ObjectTooLargeException"/> (and stores nothing) past <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<long> WriteAsync(string key, Stream content, CancellationToken ct, long? maxBytes = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = PathOf(key);
        RefuseIfDeleted(key);
        RefuseIfSealed(key, target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            var size = await WriteBoundedAsync(content, temp, maxBytes, hash: null, ct);
            RefuseIfDeleted(key);
            RefuseIfSealed(key, target);
            File.Move(temp, target, overwrite: true);
            TakeBackIfDeleted(key, target);
            return size;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException && IsDeleted(key))
        {
            // The folder was purged under the write.
            throw new ObjectGoneException(key);
        }
        finally
        {
            DeleteIfThere(temp);
        }
    }

    /// <summary>Copies the stream into a new file at <paramref name="path"/>, hashing what it writes; throws <see cref="ObjectTooLargeException"/> past <paramref name="maxBytes"/>.</summary>
    private static async Task<long> WriteBoundedAsync(Stream content, string path, long? maxBytes, IncrementalHash? hash, CancellationToken ct)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new ObjectTooLargeException(maxBytes.Value);
            }

            hash?.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        await output.FlushAsync(ct);
        return output.Length;
    }

    /// <summary>The file that holds <paramref name="key"/>, or null when there is none.</summary>
    public string? FileOf(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? path : null;
    }

    public static string ContentTypeOf(string key) =>
        ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";

    private string FolderOf(string prefix)
    {
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException($"'{prefix}' is not a folder: it must end with '/'.", nameof(prefix));
        }

        return PathOf(prefix[..^1]);
    }

    private string PathOf(string key)
    {
        ObjectKeys.EnsureValid(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is outside the store.", nameof(key));
        }

        return path;
    }

    /// <summary>
    /// <c>/storage/{key}?method=&amp;expires=[&amp;max=][&amp;upload=&amp;part=]&amp;sig=</c>: every field of the grant but the
    /// Content-Type (which the client sends as its header) is in the URL, and the signature covers each one.
    /// </summary>
    private Uri SignedUrl(StorageGrant grant)
    {
        ObjectKeys.EnsureValid(grant.Key);
        var query = new StringBuilder().Append(CultureInfo.InvariantCulture, $"method={grant.Method}&expires={grant.Expires}");
        if (grant.MaxBytes is { } max)
        {
            query.Append(CultureInfo.InvariantCulture, $"&max={max}");
        }

        if (grant.UploadId is { } uploadId)
        {
            query.Append(CultureInfo.InvariantCulture, $"&upload={Uri.EscapeDataString(uploadId)}&part={grant.PartNumber}");
        }

        query.Append("&sig=").Append(Signer.Sign(grant));
        return new Uri(_publicBaseUrl, $"/storage/{ObjectKeys.Escape(grant.Key)}?{query}");
    }

    private static void RefuseIfSealed(string key, string path)
    {
        if (File.Exists(path) && File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly))
        {
            throw new ObjectSealedException(key);
        }
    }

    private static string ETagOf(FileInfo file) => ETagOf(file.Length, file.LastWriteTimeUtc);

    private static string ETagOf(long length, DateTime lastWriteUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{length:x}-{lastWriteUtc.Ticks:x}\"");
}
