using VideoPipeline.BuildingBlocks.Security;
using System.Text;
using VideoPipeline.BuildingBlocks.Storage;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// A request players and embedding pages make with a video's playback credential (the service's grant
/// <c>?expires=&amp;sig=</c> or an owner's <c>?token=</c>) instead of an API key.
/// </summary>
public interface IGrantedRequest
{
    Guid VideoId { get; }

    /// <summary>Bound from the request by <see cref="PlaybackCredential.BindAsync"/>: take it as a route parameter.</summary>
    PlaybackCredential Credential { get; }

    /// <summary>The token audience that opens this request (<see cref="PlaybackAudience"/>); the service's grant opens every one.</summary>
    string Audience => PlaybackAudience.Video;
}

/// <summary>
/// What the routes players open share (playlists, manifests, captions, storyboard, the player page's data): the
/// credential check, and reading what Processing stored.
/// </summary>
internal static class StoredManifest
{
    /// <summary>
    /// <paramref name="answer"/> for the video a credential opens, with what it opens (<see cref="PlaybackAccess"/>: carry
    /// its query on every link, sign media until its expiry). A refused credential is answered as the
    /// <see cref="PlaybackGate"/> says (401/403); a video that does not exist or was deleted is not found (nothing of a
    /// deleted video is served, whatever a URL signed before the deletion says).
    /// </summary>
    public static async Task<Answer> AnswerAsync(
        IGrantedRequest request, PlaybackGate gate, IQuerySession session, Func<PlayableVideo, PlaybackAccess, Task<Answer>> answer, CancellationToken ct)
    {
        var video = await session.LoadAsync<PlayableVideo>(request.VideoId, ct) is { Deleted: false } found ? found : null;
        var access = await gate.CheckAsync(request.Credential, request.VideoId, request.Audience, video?.OwnerId, TimeSpan.Zero, ct);
        if (access.Refusal is { } refusal)
        {
            return refusal;
        }

        return video is null ? Answer.VideoNotFound : await answer(video, access);
    }

    public static async Task<string> ReadAsync(IObjectStorage storage, string key, CancellationToken ct) =>
        Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(key, ct));

    /// <summary>The folder a stored playlist's relative URIs are relative to.</summary>
    public static string FolderOf(string key) => key[..key.LastIndexOf('/')];
}
