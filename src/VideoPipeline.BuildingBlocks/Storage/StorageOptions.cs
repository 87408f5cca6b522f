namespace VideoPipeline.BuildingBlocks.Storage;

public enum StorageBackend
{
    /// <summary>The embedded store: objects on the local disk, presigned URLs served by the service itself.</summary>
    FileSystem,

    /// <summary>Any S3 endpoint: AWS, MinIO, s3rver.</summary>
    S3,
}

/// <summary>Bound from <c>VideoPipeline:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "VideoPipeline:Storage";

    public StorageBackend Backend { get; set; } = StorageBackend.FileSystem;

    public FileSystemStorageOptions FileSystem { get; set; } = new();

    public S3StorageOptions S3 { get; set; } = new();
}

public sealed class FileSystemStorageOptions
{
    /// <summary>Folder that holds the objects; relative paths are resolved against the working directory.</summary>
    public string Root { get; set; } = Path.Combine(".local", "objects");

    /// <summary>Base URL clients reach the service on, used in presigned URLs; unset means the first URL the service listens on.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>
    /// The folder is on a volume every node mounts (NFS, a shared disk, a Docker volume of one host): required to run several
    /// nodes (a durability mode other than Solo) with the embedded store.
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>HMAC key for presigned URLs. Required: a leaked or default key lets anyone read and write objects.</summary>
    public string SigningKey { get; set; } = "";
}

public sealed class S3StorageOptions
{
    /// <summary>Endpoint the service talks to; null means AWS itself in <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Endpoint clients reach, when it differs from <see cref="ServiceUrl"/> (a container network name, say).</summary>
    public Uri? PublicServiceUrl { get; set; }

    public string Bucket { get; set; } = "";

    /// <summary>Null means the SDK's default credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style URLs (<c>host/bucket/key</c>); MinIO and s3rver need them.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
