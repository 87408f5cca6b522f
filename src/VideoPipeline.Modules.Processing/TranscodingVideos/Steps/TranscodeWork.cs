using Microsoft.Extensions.Logging;
using VideoPipeline.MediaEngine;
using VideoPipeline.Modules.Processing.JobCost;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.BuildingBlocks.Streaming;

namespace VideoPipeline.Modules.Processing.TranscodingVideos.Steps;

/// <summary>
/// One attempt's working state, shared by its steps: a private folder (deleted with the attempt), where the upload is
/// read in place (located once when a step first needs it, pinned to the version completion sealed), the CMAF this
/// attempt encoded, and the stream its steps record to.
/// </summary>
/// <param name="attemptTimeLimit">The longest the attempt may run: a URL of the upload stays valid that long.</param>
internal sealed class TranscodeWork(
    JobStream stream, IObjectStorage storage, MediaOptions options, JobCostOptions jobCost, EncodingQuota quota, PlaylistChanges playlists, TimeProvider clock,
    TimeSpan attemptTimeLimit, ILogger logger)
    : IAsyncDisposable
{
    private MediaLocation? _raw;

    public TempWorkspace Workspace { get; } = TempWorkspace.Create(options, stream.VideoId);

    public Guid VideoId => stream.VideoId;

    /// <summary>The store, for steps: uploads stop once the video is deleted.</summary>
    public IObjectStorage Storage { get; } = new StorageUntilDeleted(storage, stream);

    public MediaOptions Options => options;

    public ILogger Logger => logger;

    /// <summary>Where a stored playlist's growth is announced to every node (requests blocked on it wake).</summary>
    public PlaylistChanges Playlists => playlists;

    public TimeProvider Clock => clock;

    public JobStream Stream => stream;

    /// <summary>Where this attempt's ladder writes its CMAF, one folder per rendition; later steps reuse what it finished.</summary>
    public string StreamRoot => System.IO.Path.Combine(Workspace.Path, StreamingLayout.Folder);

    /// <summary>
    /// Where ffprobe and ffmpeg read the upload, without a copy: the embedded store's own file, or S3's URL of it read with
    /// range requests, so the first picture is encoded while the rest of a long upload is still where it was stored.
    /// Under a name of the service's own making: nothing of the uploader's choosing reaches ffmpeg's command line.
    /// </summary>
    public async Task<MediaLocation> RawAsync(TranscodeJob job, CancellationToken ct)
    {
        if (_raw is null)
        {
            var stored = await storage.LocateAsync(job.RawKey!, job.RawVersion, clock.GetUtcNow() + attemptTimeLimit, ct);
            _raw = stored.IsUrl ? MediaLocation.Url(new Uri(stored.Path), stored.Size, stored.IfMatch) : MediaLocation.File(stored.Path);
        }

        return _raw;
    }

    /// <summary>
    /// A refusal of what was read through a URL is the upload's only if the store still answers with the same version:
    /// an outage (transient) or a replaced upload (<see cref="ObjectChangedException"/>) is reported as what it is.
    /// </summary>
    public async Task ConfirmRefusalAsync(TranscodeJob job, CancellationToken ct)
    {
        if (_raw is { IsUrl: true })
        {
            await storage.LocateAsync(job.RawKey!, job.RawVersion, clock.GetUtcNow() + TimeSpan.FromMinutes(1), ct);
        }
    }

    /// <summary>The upload as the guard accepted it: read only as its identified container.</summary>
    public async Task<MediaInput> SourceAsync(TranscodeJob job, CancellationToken ct) => job.Source!.At(await RawAsync(job, ct));

    /// <summary>What a run over the job's source may use: the wall time its cost allows (<see cref="CostEstimate"/>).</summary>
    public MediaBounds Bounds(TranscodeJob job) => options.BoundsFor(
        job.Source!, job.RawVersion?.Size ?? _raw!.Size, CostEstimate.Of(job.Source!).WallTime(options.MinRunTime, jobCost));

    public Task RecordAsync(object @event, CancellationToken ct) => stream.RecordAsync(@event, ct);

    /// <summary>The owner's encoding quota, held for this video's encode.</summary>
    public EncodingQuota Quota => quota;

    /// <summary>What the owner's job may cost, and the run time a cost allows.</summary>
    public JobCostOptions JobCost => jobCost;

    /// <summary>Stores a small text object (a playlist, a manifest) written by the service itself.</summary>
    public async Task UploadTextAsync(string key, string text, string contentType, CancellationToken ct)
    {
        var path = Workspace.PathFor($"{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, text, ct);
        await Storage.UploadFileAsync(key, path, contentType, ct);
        File.Delete(path);
    }

    public ValueTask DisposeAsync() => Workspace.DisposeAsync();
}
