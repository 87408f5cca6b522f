using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Configuration;

/// <summary>
/// Outside Development the service refuses to start on a set-up that would be unsafe, and names every setting at fault:
/// a secret or key that ships with the repository (<see cref="ShippedSecrets"/>: the Development keys and secrets, plain
/// or hashed, from any source, and the <c>change-me</c> placeholders of .env.example), or a missing public base URL where
/// URLs would otherwise come from the request's Host header, which any client chooses.
/// </summary>
public static class ProductionSafety
{
    public static WebApplicationBuilder RefuseUnsafeSetup(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var problems = Settings(builder.Configuration)
            .Where(s => ShippedSecrets.Contains(s.Value))
            .Select(s => $"{s.Setting} is a value that ships with VideoPipeline (Development settings or an example); set a secret of your own.")
            .ToList();

        if (string.IsNullOrWhiteSpace(builder.Configuration["VideoPipeline:Playback:PublicBaseUrl"]))
        {
            problems.Add("VideoPipeline:Playback:PublicBaseUrl must be set: without it the HLS and player URLs are built from the request's Host header, which any client chooses.");
        }

        var storage = builder.Configuration.ReadSection<StorageOptions>(StorageOptions.Section);
        if (storage.Backend == StorageBackend.FileSystem && storage.FileSystem.PublicBaseUrl is null)
        {
            problems.Add("VideoPipeline:Storage:FileSystem:PublicBaseUrl must be set: without it the embedded store's upload and playback URLs point at the address the service listens on, not at one clients reach.");
        }

        return problems.Count == 0
            ? builder
            : throw new InvalidOperationException(
                $"Refusing to start in the {builder.Environment.EnvironmentName} environment:{Environment.NewLine}- " +
                string.Join(Environment.NewLine + "- ", problems));
    }

    /// <summary>
    /// Every value of the service's settings (a shipped secret is refused whatever setting holds it), and the keys of
    /// <c>Auth:ApiKeys</c>, where the plain key is the setting's name.
    /// </summary>
    private static IEnumerable<(string Setting, string Value)> Settings(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value) || !(key.StartsWith("VideoPipeline:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var path = key.Split(':');
            if (path.Length >= 3 && path[^2].Equals("ApiKeys", StringComparison.OrdinalIgnoreCase) && path[^3].Equals("Auth", StringComparison.OrdinalIgnoreCase))
            {
                // Plain keys are configured as ApiKeys:<key> = owner: the key is the name.
                yield return (string.Join(':', path[..^1]) + ":<key of " + value + ">", path[^1]);
            }

            yield return (key, value);
        }
    }
}
