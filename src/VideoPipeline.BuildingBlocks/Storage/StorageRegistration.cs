using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoPipeline.BuildingBlocks.Cluster;
using VideoPipeline.BuildingBlocks.Configuration;

namespace VideoPipeline.BuildingBlocks.Storage;

public static class StorageRegistration
{
    /// <summary>Registers the configured <see cref="IObjectStorage"/> (section <c>VideoPipeline:Storage</c>); fails at start-up on a bad configuration.</summary>
    public static IServiceCollection AddObjectStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.ReadSection<StorageOptions>(StorageOptions.Section);
        switch (options.Backend)
        {
            case StorageBackend.FileSystem:
                if (string.IsNullOrWhiteSpace(options.FileSystem.SigningKey))
                {
                    throw new InvalidOperationException(
                        "VideoPipeline:Storage:FileSystem:SigningKey must be set for the embedded store: it signs upload and playback URLs.");
                }

                options.FileSystem.PublicBaseUrl ??= ListeningUrl(configuration);
                RefuseUnsharedFolderInACluster(options.FileSystem, configuration);
                var signer = new StorageUrlSigner(Encoding.UTF8.GetBytes(options.FileSystem.SigningKey));
                var store = new FileSystemObjectStorage(options.FileSystem, signer);
                services.AddSingleton(store);
                services.AddSingleton<IObjectStorage>(new TracedObjectStorage(store));
                services.AddSingleton<IMultipartUploads>(store);
                break;
            case StorageBackend.S3:
                services.AddSingleton(_ => new S3ObjectStorage(options.S3));
                services.AddSingleton<IObjectStorage>(provider => new TracedObjectStorage(provider.GetRequiredService<S3ObjectStorage>()));
                services.AddSingleton<IMultipartUploads>(provider => provider.GetRequiredService<S3ObjectStorage>());
                break;
            default:
                throw new InvalidOperationException($"Unknown storage backend '{options.Backend}'.");
        }

        return services;
    }

    /// <summary>
    /// Several nodes behind one address each receive some of the uploads and serve some of the reads: with objects on a
    /// node's own disk, a video uploaded through one node would be missing on the others. So a clustered durability mode
    /// (anything but <c>Solo</c>) needs the embedded store's folder on a volume every node mounts, said with
    /// <c>Shared=true</c>, or an S3 store.
    /// </summary>
    private static void RefuseUnsharedFolderInACluster(FileSystemStorageOptions options, IConfiguration configuration)
    {
        if (!options.Shared && ClusterMode.IsClustered(configuration))
        {
            throw new InvalidOperationException(
                $"{ClusterMode.Setting} is '{ClusterMode.Of(configuration)}', which runs several nodes, but the embedded store keeps objects in {options.Root} on this " +
                "node's own disk, where the other nodes cannot read what this one stored. Put that folder on a volume every node mounts and set " +
                $"{StorageOptions.Section}:FileSystem:Shared=true, use the S3 backend, or run one node with {ClusterMode.Setting}=Solo.");
        }
    }

    /// <summary>The first URL the service listens on, with a wildcard host replaced by loopback.</summary>
    private static Uri ListeningUrl(IConfiguration configuration)
    {
        var first = (configuration["urls"] ?? "http://127.0.0.1:5080").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        var builder = new UriBuilder(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }
}
