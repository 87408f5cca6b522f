using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VideoPipeline.BuildingBlocks.Storage;

public static class StorageRegistration
{
    /// <summary>Registers the configured <see cref="IObjectStorage"/> (section <c>VideoPipeline:Storage</c>); fails at start-up on a bad configuration.</summary>
    public static IServiceCollection AddObjectStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (options.Backend)
        {
            case StorageBackend.FileSystem:
                if (string.IsNullOrWhiteSpace(options.FileSystem.SigningKey))
                {
                    throw new InvalidOperationException(
                        "VideoPipeline:Storage:FileSystem:SigningKey must be set for the embedded store: it signs upload and playback URLs.");
                }

                options.FileSystem.PublicBaseUrl ??= ListeningUrl(configuration);
                var signer = new StorageUrlSigner(Encoding.UTF8.GetBytes(options.FileSystem.SigningKey));
                var store = new FileSystemObjectStorage(options.FileSystem, signer);
                services.AddSingleton(store);
                services.AddSingleton<IObjectStorage>(store);
                services.AddSingleton<IMultipartUploads>(store);
                break;
            case StorageBackend.S3:
                services.AddSingleton(_ => new S3ObjectStorage(options.S3));
                services.AddSingleton<IObjectStorage>(provider => provider.GetRequiredService<S3ObjectStorage>());
                services.AddSingleton<IMultipartUploads>(provider => provider.GetRequiredService<S3ObjectStorage>());
                break;
            default:
                throw new InvalidOperationException($"Unknown storage backend '{options.Backend}'.");
        }

        return services;
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
