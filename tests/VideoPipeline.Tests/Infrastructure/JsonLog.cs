using System.Text;
using System.Text.Json;

namespace VideoPipeline.Tests.Infrastructure;

/// <summary>The rolling JSON log files a test host writes under its storage root (<c>logs/</c>).</summary>
public static class JsonLog
{
    public static async Task<string> TextAsync(string storageRoot)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(storageRoot, "logs"), "*.json"))
        {
            // Serilog keeps the file open for writing.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    public static async Task<List<JsonElement>> LinesAsync(string storageRoot) =>
        (await TextAsync(storageRoot))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
}
