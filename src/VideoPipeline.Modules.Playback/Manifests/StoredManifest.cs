using System.Text;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>What the playlist and manifest routes share: the refusal of a bad grant, and reading what Processing stored.</summary>
internal static class StoredManifest
{
    public static Answer Refused { get; } = Answer.Forbidden("Invalid or expired playlist URL",
        "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");

    public static async Task<string> ReadAsync(IObjectStorage storage, string key, CancellationToken ct) =>
        Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));

    /// <summary>The folder a stored playlist's relative URIs are relative to.</summary>
    public static string FolderOf(string key) => key[..key.LastIndexOf('/')];
}
