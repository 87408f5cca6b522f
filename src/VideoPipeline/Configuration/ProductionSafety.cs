using VideoPipeline.BuildingBlocks.Configuration;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Configuration;

/// <summary>
/// Outside Development the service refuses to start on a set-up that would be unsafe, and names every setting at fault:
/// a secret or key that ships with the repository (appsettings.Development.json, the <c>change-me</c> placeholders of
/// .env.example), or a missing public base URL where URLs would otherwise come from the request's Host header, which any
/// client chooses.
/// </summary>
public static class ProductionSafety
{
    private const string DevelopmentSettingsFile = "appsettings.Development.json";
    private const string PlaceholderPrefix = "change-me";

    public static WebApplicationBuilder RefuseUnsafeSetup(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var known = KnownSecrets(builder.Environment.ContentRootPath);
        var problems = Secrets(builder.Configuration)
            .Where(s => known.Contains(s.Value) || s.Value.StartsWith(PlaceholderPrefix, StringComparison.OrdinalIgnoreCase))
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

    /// <summary>Every secret in a configuration: webhook and signing secrets, tokens, and API keys (plain ones, and admin keys).</summary>
    private static IEnumerable<(string Setting, string Value)> Secrets(IConfiguration configuration)
    {
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var path = key.Split(':');
            var name = path[^1];
            if (name.EndsWith("Secret", StringComparison.OrdinalIgnoreCase) || name.EndsWith("SigningKey", StringComparison.OrdinalIgnoreCase) ||
                name.EndsWith("Token", StringComparison.OrdinalIgnoreCase) || name.EndsWith("SecretKey", StringComparison.OrdinalIgnoreCase) ||
                (path.Length >= 4 && path[^3] is "AdminKeys" or "Keys" && path[^4] == "Auth"))
            {
                yield return (key, value);
            }
            else if (path.Length >= 3 && path[^2] == "ApiKeys" && path[^3] == "Auth")
            {
                // Plain keys are configured as ApiKeys:<key> = owner: the key is the name.
                yield return (string.Join(':', path[..^1]) + ":<key of " + value + ">", name);
            }
        }
    }

    private static HashSet<string> KnownSecrets(string contentRoot)
    {
        var file = Path.Combine(contentRoot, DevelopmentSettingsFile);
        if (!File.Exists(file))
        {
            return [];
        }

        var development = new ConfigurationBuilder().AddJsonFile(file, optional: false).Build();
        return Secrets(development).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);
    }
}
