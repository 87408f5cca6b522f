using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using VideoPipeline.BuildingBlocks.Observability;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Security;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Playback.Manifests;
using VideoPipeline.Modules.Playback.Signing;

namespace VideoPipeline.Modules.Playback.ServingImages;

/// <summary>
/// One picture to make and keep: where it is cached, and how it is made from the stretch <see cref="FromSeconds"/> to
/// <see cref="ToSeconds"/> of a rung (the render is given the joined segments, their start on the timeline, and its bounds).
/// </summary>
internal sealed record ImageWork(
    string Key, string ContentType, string PlaylistKey, double FromSeconds, double ToSeconds,
    Func<MediaInput, string, double, MediaBounds, CancellationToken, Task> Render);

/// <summary>Whether a request's picture was made for it, or was already stored (or being made for another request).</summary>
internal enum ImageOutcome
{
    Stored,
    Rendered,
}

/// <summary>Every render slot of this node stayed taken while the request waited for one.</summary>
internal sealed class ImageRendersBusyException() : Exception("Every picture-making slot of this node is taken.");

/// <summary>
/// Makes the image API's pictures on this node, each at most once: a picture already stored is never made again; the
/// same picture asked for twice at once is made once (the second request waits for the first's run); at most
/// <see cref="ImageOptions.MaxParallelRenders"/> ffmpeg runs at a time, a request waiting longer than
/// <see cref="ImageOptions.SlotWait"/> for one is refused. A run reads only the header and the segments of the rung
/// that hold the stretch asked for, and stores its picture under the video's folder, so deleting the video purges it.
/// </summary>
public sealed class ImageRenders : IDisposable
{
    private readonly IObjectStorage _storage;
    private readonly MediaOptions _media;
    private readonly ImageOptions _options;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _running = new(StringComparer.Ordinal);
    private readonly Counter<long> _rendered;

    public ImageRenders(IObjectStorage storage, MediaOptions media, IOptions<PlaybackOptions> options, IHostApplicationLifetime lifetime, IMeterFactory meters)
    {
        _storage = storage;
        _media = media;
        _options = options.Value.Images;
        _stopping = lifetime.ApplicationStopping;
        _slots = new SemaphoreSlim(_options.MaxParallelRenders, _options.MaxParallelRenders);
        _rendered = meters.Create(ServiceMeter.Name).CreateCounter<long>("images_rendered", description: "Pictures the image API made with ffmpeg (cache misses).");
    }

    /// <summary>Stores the picture unless it is stored already; throws <see cref="ImageRendersBusyException"/> when no slot came free in time.</summary>
    internal async Task<ImageOutcome> EnsureStoredAsync(ImageWork work, CancellationToken ct)
    {
        if (await _storage.HeadAsync(work.Key, ct) is not null)
        {
            return ImageOutcome.Stored;
        }

        // The run belongs to the node, not to the request: a viewer who gives up does not waste it for the next.
        var mine = new Lazy<Task<bool>>(() => RenderAsync(work));
        var running = _running.GetOrAdd(work.Key, mine);
        if (ReferenceEquals(running, mine))
        {
            _ = mine.Value.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, Lazy<Task<bool>>>(work.Key, mine)), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var rendered = await running.Value.WaitAsync(ct);
        return rendered && ReferenceEquals(running, mine) ? ImageOutcome.Rendered : ImageOutcome.Stored;
    }

    /// <summary>Makes and stores the picture; false when it was stored meanwhile (by another node, or a run that just ended here).</summary>
    private async Task<bool> RenderAsync(ImageWork work)
    {
        if (!await _slots.WaitAsync(_options.SlotWait, _stopping))
        {
            throw new ImageRendersBusyException();
        }

        try
        {
            if (await _storage.HeadAsync(work.Key, _stopping) is not null)
            {
                return false;
            }

            await using var workspace = TempWorkspace.Create(_media);
            var playlist = await StoredManifest.ReadAsync(_storage, work.PlaylistKey, _stopping);
            var span = SegmentSpan.Covering(playlist, work.FromSeconds, work.ToSeconds)
                ?? throw new InvalidOperationException($"The stored playlist {work.PlaylistKey} names no segments.");
            var joined = workspace.PathFor("span.mp4");
            await JoinAsync(StoredManifest.FolderOf(work.PlaylistKey), span, joined);

            var picture = workspace.PathFor("picture");
            var bounds = new MediaBounds(_options.RenderTimeLimit, _options.RenderMemoryBytes, _options.MaxPictureBytes);
            await work.Render(new MediaInput(joined, Container.Mp4), picture, span.StartSeconds, bounds, _stopping);
            _rendered.Add(1);
            await _storage.UploadFileAsync(work.Key, picture, work.ContentType, _stopping);
            return true;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The rungs of a video whose read model predates them (<see cref="StoredRungs"/>), from its stored final master playlist.</summary>
    public async Task<List<PlayableRung>> StoredRungsAsync(string masterKey, CancellationToken ct) =>
        StoredRungs.FromMaster(await StoredManifest.ReadAsync(_storage, masterKey, ct), masterKey);

    /// <summary>The rung's header and the span's segments, one after the other: one fragmented MP4.</summary>
    private async Task JoinAsync(string folder, SegmentSpan span, string path)
    {
        await using var joined = File.Create(path);
        foreach (var file in (IEnumerable<string>)[span.InitUri, .. span.Segments])
        {
            await joined.WriteAsync(await _storage.ReadAllBytesAsync(StreamingLayout.KeyOf(folder, file), _stopping), _stopping);
        }
    }

    public void Dispose() => _slots.Dispose();
}

internal static class ImageServing
{
    /// <summary>
    /// What both image routes answer: for the video the grant or token opens and whose ladder is finished, the picture
    /// <paramref name="plan"/> decides on (or its refusal), stored once and redirected to; and the usage it cost.
    /// </summary>
    public static async Task<(Answer, OutgoingMessages)> AnswerAsync(
        this ImageRenders renders, IGrantedRequest request, Func<PlayableVideo, (ImageWork? Work, Answer? Refusal)> plan, IQuerySession session, IMediaUrlSigner signer,
        PlaybackGate gate, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        var answer = await StoredManifest.AnswerAsync(request, gate, session, async (video, access) =>
        {
            if (video.DashManifestKey is null || video.HlsMasterKey is null)
            {
                return ImageParameters.NotReady;
            }

            if (video.Rungs.Count == 0)
            {
                video.Rungs = await renders.StoredRungsAsync(video.HlsMasterKey, ct);
                if (video.Rungs.Count == 0)
                {
                    return ImageParameters.NotReady;
                }
            }

            return plan(video) switch
            {
                (null, var refusal) => refusal!,
                (var work, _) => await renders.ServeAsync(work!, video, access.ExpiresAt, session, signer, messages, ct),
            };
        }, ct);
        return (answer, messages);
    }

    /// <summary>
    /// The picture's signed URL, expiring with the grant, once it is stored; a picture made for this request is counted
    /// in the owner's usage (<see cref="ImageRendered"/>, sent with the answer). A picture stored while the video was
    /// being deleted is purged again (<see cref="PurgeVideoObjects"/>), as S3 cannot refuse the write.
    /// </summary>
    private static async Task<Answer> ServeAsync(
        this ImageRenders renders, ImageWork work, PlayableVideo video, DateTimeOffset expiresAt, IQuerySession session, IMediaUrlSigner signer,
        OutgoingMessages messages, CancellationToken ct)
    {
        try
        {
            if (await renders.EnsureStoredAsync(work, ct) == ImageOutcome.Rendered)
            {
                messages.Add(new ImageRendered(video.Id));
                if (await session.Query<PlayableVideo>().AnyAsync(v => v.Id == video.Id && v.Deleted, ct))
                {
                    messages.Add(new PurgeVideoObjects(video.Id));
                    return Answer.VideoNotFound;
                }
            }
        }
        catch (ObjectGoneException)
        {
            return Answer.VideoNotFound;
        }
        catch (Exception e) when (e is ImageRendersBusyException or MediaBoundExceededException or TranscodeStalledException)
        {
            return ImageParameters.Busy;
        }

        return Answer.Redirect(signer.Sign(work.Key, expiresAt));
    }
}
