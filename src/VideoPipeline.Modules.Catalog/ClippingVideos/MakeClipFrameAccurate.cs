using JasperFx;
using Marten.Exceptions;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>
/// Make the clip frame-accurate in the background (queued durably once its first events are stored): it is to play
/// <paramref name="FromSeconds"/> to <paramref name="ToSeconds"/> of the video whose segments it plays.
/// </summary>
public sealed record MakeClipFrameAccurate(Guid ClipId, double FromSeconds, double ToSeconds);

/// <summary>A rendition's frame-accurate HLS playlist, stored in the clip's folder, and how long it plays.</summary>
public sealed record ExactRendition(string Rendition, string PlaylistKey, double DurationSeconds);

public static class MakeClipFrameAccurateHandler
{
    /// <summary>A deletion committed while the edges were encoded fails the commit: the next try sees it and removes them.</summary>
    public static void Configure(HandlerChain chain) => chain.OnException<ConcurrencyException>().RetryTimes(3);

    /// <summary>
    /// For each rendition of the video whose segments the clip plays: its first and last covering segments (from the
    /// stored files) encoded again, cut where the owner asked, stored in the clip's folder, and an HLS playlist of them
    /// around the stored segments between (<see cref="ClipEdges"/>); then <see cref="ClipFrameAccuracy.Decide"/>.
    /// </summary>
    public static async Task Handle(MakeClipFrameAccurate command, IDocumentSession session, IObjectStorage storage, MediaOptions media, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ClipSource>(command.ClipId, ct);
        if (stream.Aggregate is not { } clip || clip.FrameAccurate)
        {
            return;
        }

        if (clip.Deleted)
        {
            await storage.DeleteAllAsync(VideoKeys.Stream(clip.Id, ""), ct);
            return;
        }

        var original = await session.Events.AggregateStreamAsync<ClipSource>(clip.SegmentsOf, token: ct)
                       ?? throw new InvalidOperationException($"The video {clip.SegmentsOf} the clip {clip.Id} plays has no stream.");
        var source = RecordedSources.Media(original.Inspected
                                          ?? throw new InvalidOperationException($"The video {clip.SegmentsOf} the clip {clip.Id} plays was never inspected."));
        var made = new List<ExactRendition>();
        await using var workspace = TempWorkspace.Create(media, clip.Id);
        foreach (var rendition in original.Renditions.Values)
        {
            made.Add(await MakeAsync(storage, media, source, workspace, clip.Id, rendition, command.FromSeconds, command.ToSeconds, ct));
        }

        var events = ClipFrameAccuracy.Decide(clip, command.FromSeconds, made);
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
    }

    private static async Task<ExactRendition> MakeAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, StreamRenditionReady rendition, double from, double to,
        CancellationToken ct)
    {
        var folder = rendition.PlaylistKey[..rendition.PlaylistKey.LastIndexOf('/')];
        var stored = System.Text.Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(rendition.PlaylistKey, ct));
        var plan = ClipEdges.Plan(stored, from, to) ?? throw new InvalidOperationException($"The stored playlist {rendition.PlaylistKey} names no segments.");
        var (firstInit, first) = await EdgeAsync(storage, media, source, workspace, clipId, rendition, folder, plan.InitUri, plan.First, "first", ct);
        var (lastInit, last) = plan.Last is null
            ? ((string?)null, (IReadOnlyList<(string, double)>)[])
            : await EdgeAsync(storage, media, source, workspace, clipId, rendition, folder, plan.InitUri, plan.Last, "last", ct);
        var middle = plan.Middle.Select(s => (StreamingLayout.RootUri(StreamingLayout.KeyOf(folder, s.Uri)), s.DurationSeconds)).ToList();
        var playlist = ClipEdges.Playlist(firstInit, first, StreamingLayout.RootUri(StreamingLayout.KeyOf(folder, plan.InitUri)), middle, lastInit, last);
        var key = ExactKey(clipId, rendition.Rendition, StreamingLayout.MediaPlaylist);
        var local = workspace.PathFor($"{rendition.Rendition}.m3u8");
        await File.WriteAllTextAsync(local, playlist, ct);
        await storage.UploadFileAsync(key, local, StreamingLayout.PlaylistContentType, ct);
        return new ExactRendition(rendition.Rendition, key, first.Concat(middle).Concat(last).Sum(s => s.Item2));
    }

    /// <summary>One edge encoded again and stored in the clip's folder: its header's and segments' root URIs.</summary>
    private static async Task<(string Init, IReadOnlyList<(string, double)> Segments)> EdgeAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, StreamRenditionReady rendition, string folder, string initUri, EdgeCut cut,
        string name, CancellationToken ct)
    {
        var joined = workspace.PathFor($"{rendition.Rendition}_{name}.mp4");
        await using (var file = File.Create(joined))
        {
            foreach (var uri in (string[])[initUri, cut.Uri])
            {
                await file.WriteAsync(await storage.ReadAllBytesAsync(StreamingLayout.KeyOf(folder, uri), ct), ct);
            }
        }

        var edge = await ClipEdges.EncodeAsync(
            joined, cut, rendition.Width > 0 ? new Rendition(rendition.Rendition, rendition.Height, rendition.Width) : null, source, media, workspace.PathFor($"{rendition.Rendition}_{name}"), ct);
        var initKey = ExactKey(clipId, rendition.Rendition, $"{name}_{CmafLayout.InitSegment}");
        await storage.UploadFileAsync(initKey, edge.InitPath, "video/mp4", ct);
        var segments = new List<(string, double)>();
        for (var i = 0; i < edge.Segments.Count; i++)
        {
            var key = ExactKey(clipId, rendition.Rendition, $"{name}_{i:00}.m4s");
            await storage.UploadFileAsync(key, edge.Segments[i].Path, "video/mp4", ct);
            segments.Add((StreamingLayout.RootUri(key), edge.Segments[i].DurationSeconds));
        }

        return (StreamingLayout.RootUri(initKey), segments);
    }

    /// <summary>Where the clip's frame-accurate files of a rendition are kept: beside its instant playlist, in a folder of their own.</summary>
    public static string ExactKey(Guid clipId, string rendition, string file) => VideoKeys.Stream(clipId, $"{rendition}/exact/{file}");
}

/// <summary>The decision when a clip's edges are encoded (pure, unit-tested).</summary>
public static class ClipFrameAccuracy
{
    /// <summary>
    /// The clip's frame-accurate playlists replace its instant ones, and it is processed again (<c>video.processed</c>),
    /// lasting what the rungs' playlists last; nothing for a clip deleted meanwhile or already made frame-accurate.
    /// </summary>
    public static IReadOnlyList<object> Decide(ClipSource clip, double startSeconds, IReadOnlyList<ExactRendition> made)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(made);
        if (clip.Deleted || clip.FrameAccurate || made.Count == 0)
        {
            return [];
        }

        var rungs = made.Where(m => clip.Renditions.TryGetValue(m.Rendition, out var r) && r.Width > 0).ToList();
        var duration = (rungs.Count > 0 ? rungs : made).Min(m => m.DurationSeconds);
        return
        [
            new ClipMadeFrameAccurate(clip.Id, startSeconds, duration, made.Select(m => new StreamPlaylist(m.Rendition, m.PlaylistKey)).ToList()),
            new ProcessingCompleted(clip.Id),
        ];
    }
}
