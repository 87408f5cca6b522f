using VideoPipeline.BuildingBlocks.Security;
using System.Text;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>A request players and embedding pages make with a video's playback grant (<c>?expires=&amp;sig=</c>) instead of an API key.</summary>
public interface IGrantedRequest
{
    Guid VideoId { get; }

    long Expires { get; }

    string? Signature { get; }
}

/// <summary>
/// What the routes players open share (playlists, manifests, captions, storyboard, the player page's data): the grant
/// check, and reading what Processing stored.
/// </summary>
internal static class StoredManifest
{
    private static readonly Answer Refused = Answer.Forbidden("Invalid or expired playback URL",
        "The URL's signature does not match this video, or it has expired. Ask GET /videos/{id}/play for a new one.");

    /// <summary>
    /// <paramref name="answer"/> for the video a grant opens; a tampered or expired grant is refused (403), and a video
    /// that does not exist or was deleted is not found (nothing of a deleted video is served, whatever a URL signed
    /// before the deletion says).
    /// </summary>
    public static async Task<Answer> AnswerAsync(
        IGrantedRequest request, PlaylistGrant grant, TimeProvider clock, IQuerySession session, Func<PlayableVideo, Task<Answer>> answer, CancellationToken ct)
    {
        if (!grant.IsValid(request.VideoId, request.Expires, request.Signature, clock.GetUtcNow()))
        {
            return Refused;
        }

        return await session.LoadAsync<PlayableVideo>(request.VideoId, ct) is { Deleted: false } video ? await answer(video) : Answer.VideoNotFound;
    }

    /// <summary>When the grant of <paramref name="request"/> expires: what every URL answered under it expires with.</summary>
    public static DateTimeOffset ExpiresAt(this IGrantedRequest request) => DateTimeOffset.FromUnixTimeSeconds(request.Expires);

    public static async Task<string> ReadAsync(IObjectStorage storage, string key, CancellationToken ct) =>
        Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));

    /// <summary>The folder a stored playlist's relative URIs are relative to.</summary>
    public static string FolderOf(string key) => key[..key.LastIndexOf('/')];
}
