using System.Text;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>What the routes players open share (playlists, manifests, captions, storyboard, the player page's data): the grant check, and reading what Processing stored.</summary>
internal static class StoredManifest
{
    private static readonly Answer Refused = Answer.Forbidden("Invalid or expired playback URL",
        "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");

    /// <summary>
    /// The video a grant opens (null when there is none, or it was deleted: nothing of a deleted video is served,
    /// whatever a URL signed before the deletion says), or the refusal of a tampered or expired grant.
    /// </summary>
    public static async Task<(Answer? Refusal, PlayableVideo? Video)> OpenAsync(
        Guid videoId, long expires, string? signature, PlaylistGrant grant, TimeProvider clock, IQuerySession session, CancellationToken ct) =>
        grant.IsValid(videoId, expires, signature, clock.GetUtcNow())
            ? (null, await session.LoadAsync<PlayableVideo>(videoId, ct) is { Deleted: false } video ? video : null)
            : (Refused, null);

    public static async Task<string> ReadAsync(IObjectStorage storage, string key, CancellationToken ct) =>
        Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));

    /// <summary>The folder a stored playlist's relative URIs are relative to.</summary>
    public static string FolderOf(string key) => key[..key.LastIndexOf('/')];
}
