namespace VideoPipeline.Configuration;

/// <summary>
/// Secrets need not sit in environment variables: any setting can be read from a file, either named by
/// <c>&lt;setting&gt;_FILE</c> (<c>VideoPipeline__Webhook__Secret_FILE=/run/secrets/webhook</c>, the convention of the
/// official database images) or as a file in the secrets folder named for the setting with <c>__</c> for <c>:</c>
/// (<c>/run/secrets/VideoPipeline__Webhook__Secret</c>, as Docker secrets and Kubernetes secret volumes mount them).
/// </summary>
public static class SecretFiles
{
    public const string FolderSetting = "VideoPipeline:SecretsFolder";
    public const string DefaultFolder = "/run/secrets";
    private const string FileSuffix = "_FILE";

    public static WebApplicationBuilder AddSecretFiles(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        configuration.AddKeyPerFile(configuration[FolderSetting] ?? DefaultFolder, optional: true);

        var fromFiles = configuration.AsEnumerable()
            .Where(setting => IsOurs(setting.Key) && setting.Key.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(setting.Value))
            .ToDictionary(setting => setting.Key[..^FileSuffix.Length], setting => (string?)Read(setting.Key, setting.Value!), StringComparer.OrdinalIgnoreCase);
        if (fromFiles.Count > 0)
        {
            configuration.AddInMemoryCollection(fromFiles);
        }

        return builder;
    }

    // The environment holds every other program's *_FILE variables too; only the service's own settings are read.
    private static bool IsOurs(string key) =>
        key.StartsWith("VideoPipeline:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase);

    private static string Read(string setting, string path)
    {
        try
        {
            // A secret file usually ends in a newline that is not part of the secret.
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{setting} names the file '{path}', which cannot be read: {e.Message}", e);
        }
    }
}
