using Wolverine.Runtime.Handlers;
using VideoPipeline.BuildingBlocks.Messaging;
using VideoPipeline.BuildingBlocks.Scheduling;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.MediaEngine;

namespace VideoPipeline.Modules.Catalog.ClippingVideos;

/// <summary>
/// Make the clip frame-accurate in the background (queued durably once its first events are stored, then given its turn
/// among its owner's and others' clips, <see cref="ClipEdgeSlots"/>): it is to play <paramref name="FromSeconds"/> to
/// <paramref name="ToSeconds"/> of the video whose segments it plays.
/// </summary>
public sealed record MakeClipFrameAccurate(Guid ClipId, double FromSeconds, double ToSeconds);

/// <summary>A rendition's frame-accurate HLS playlist, stored in the clip's folder, and how long it plays.</summary>
public sealed record ExactRendition(string Rendition, string PlaylistKey, double DurationSeconds);

public static class MakeClipFrameAccurateHandler
{
    /// <summary>What throws here is the database (<see cref="DurableRetries"/>).</summary>
    public static void Configure(HandlerChain chain) => DurableRetries.RetryThenDeadLetter(chain);

    /// <summary>
    /// Takes the clip off the FIFO durable queue into the turns of the <see cref="ClipEdgeSlots"/>, in the transaction
    /// that marks the message handled: its turn depends on its owner's share, so one owner's many clips never hold another
    /// owner's back. A clip deleted meanwhile is admitted too: its run removes what it stored.
    /// </summary>
    public static async Task Handle(MakeClipFrameAccurate command, IDocumentSession session, FairTurns turns, CancellationToken ct)
    {
        if (await session.Events.AggregateStreamAsync<ClipSource>(command.ClipId, token: ct) is { FrameAccurate: false } clip)
        {
            turns.Admit(session, ClipEdgeSlots.QueueName, new RunClipEdges(clip.Id, command.FromSeconds, command.ToSeconds, clip.OwnerId));
        }
    }
}

public static class RunClipEdgesHandler
{
    /// <summary>
    /// What throws is the service's own side (storage, the database, ffmpeg), or a deletion committed while the edges were
    /// encoded (the commit fails: the next try sees it and removes them): tried again, then dead-lettered (<see cref="TurnRuns"/>).
    /// </summary>
    public static void Configure(HandlerChain chain) => TurnRuns.RetryThenDeadLetter(chain);

    /// <summary>The clip's edges made (<see cref="MakeAsync"/>); the turn ends in the commit of what they recorded.</summary>
    public static Task<OutgoingMessages> Handle(
        RunClipEdges message, Envelope envelope, IDocumentSession session, IObjectStorage storage, MediaOptions media, ClipEdgeSlots queue, FairTurns turns,
        CancellationToken ct) =>
        TurnRuns.RunAsync(queue, turns, message.TurnId, envelope, async () =>
        {
            turns.End(session, ClipEdgeSlots.QueueName, message.TurnId);
            await MakeAsync(message, session, storage, media, ct);
            return new OutgoingMessages();
        });

    /// <summary>
    /// For each rendition of the video whose segments the clip plays: its first and last covering segments (from the
    /// stored files) encoded again, cut where the owner asked, stored in the clip's folder, and an HLS playlist of them
    /// around the stored segments between (<see cref="ClipEdges"/>); a DASH manifest of the same pieces, one Period each
    /// (<see cref="StreamCuts.DashOfPieces"/>); its poster (<see cref="PosterAsync"/>); its MP4 download and storyboard
    /// (<see cref="DownloadAsync"/>); then <see cref="ClipFrameAccuracy.Decide"/>.
    /// </summary>
    private static async Task MakeAsync(RunClipEdges command, IDocumentSession session, IObjectStorage storage, MediaOptions media, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ClipSource>(command.ClipId, ct);
        if (stream.Aggregate is not { } clip || clip.FrameAccurate)
        {
            return;
        }

        if (clip.Deleted)
        {
            await storage.DeleteAllAsync(VideoKeys.Folder(clip.Id) + "/", ct);
            return;
        }

        var original = await session.Events.AggregateStreamAsync<ClipSource>(clip.SegmentsOf, token: ct)
                       ?? throw new InvalidOperationException($"The video {clip.SegmentsOf} the clip {clip.Id} plays has no stream.");
        var source = RecordedSources.Media(original.Inspected
                                          ?? throw new InvalidOperationException($"The video {clip.SegmentsOf} the clip {clip.Id} plays was never inspected."));
        var made = new List<ExactRendition>();
        var pieced = new List<CutRendition>();
        var mediaStarts = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var edges = new Dictionary<string, EdgedRendition>(StringComparer.Ordinal);
        EdgePlan? lead = null;
        await using var workspace = TempWorkspace.Create(media, clip.Id);

        // The rungs first: the audio is cut where they are (its segments end a few milliseconds off theirs).
        foreach (var rendition in original.Renditions.Values.OrderBy(r => r.Width == 0))
        {
            var stored = System.Text.Encoding.UTF8.GetString(await storage.ReadAllBytesAsync(rendition.PlaylistKey, ct));
            var plan = (lead is null || rendition.Width > 0
                           ? ClipEdges.Plan(stored, command.FromSeconds, command.ToSeconds)
                           : ClipEdges.Follow(stored, command.FromSeconds, command.ToSeconds, lead))
                       ?? throw new InvalidOperationException($"The stored playlist {rendition.PlaylistKey} names no segments.");
            lead ??= rendition.Width > 0 ? plan : null;
            var (exact, playlist, edged) = await MakeAsync(storage, media, source, workspace, clip.Id, rendition, plan, ct);
            made.Add(exact);
            edges[rendition.Rendition] = edged;
            pieced.Add(new CutRendition(
                rendition.Rendition, rendition.Codecs, rendition.Width, rendition.Height, rendition.PeakBitsPerSecond, rendition.AverageBitsPerSecond, playlist));
            mediaStarts[rendition.Rendition] = MediaStarts(plan);
        }

        var dash = VideoKeys.Stream(clip.Id, $"exact/{StreamingLayout.DashManifest}");
        await UploadAsync(storage, workspace, dash, StreamCuts.DashOfPieces(pieced, mediaStarts), StreamingLayout.DashContentType, ct);
        var poster = await PosterAsync(storage, media, source, workspace, clip.Id, edges, ct);
        var duration = ClipFrameAccuracy.DurationOf(clip, made);
        var (download, storyboard) = await DownloadAsync(storage, media, source with { DurationSeconds = duration }, workspace, clip.Id, edges, ct);
        var events = ClipFrameAccuracy.Decide(clip, command.FromSeconds, made, dash, poster, download, storyboard);
        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Where each piece of the frame-accurate playlist begins on its media timeline: an edge encoded again at 0, the
    /// stored segments between where they are on the original's.
    /// </summary>
    private static List<double> MediaStarts(EdgePlan plan)
    {
        var starts = new List<double> { 0 };
        if (plan.Middle.Count > 0)
        {
            starts.Add(plan.MiddleStartSeconds);
        }

        if (plan.Last is not null)
        {
            starts.Add(0);
        }

        return starts;
    }

    /// <summary>
    /// The clip's poster: the first picture of its tallest rung's first edge, where the clip begins (a decode of one edge
    /// just encoded, not the parent's poster).
    /// </summary>
    private static async Task<ThumbnailReady> PosterAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, IReadOnlyDictionary<string, EdgedRendition> edges, CancellationToken ct)
    {
        var rung = edges.Values.Where(e => e.Rendition.Width > 0).MaxBy(e => e.Rendition.Height)
                   ?? throw new InvalidOperationException($"The clip {clipId} has no video rendition to take its poster from.");
        var joined = workspace.PathFor("poster-edge.mp4");
        await using (var file = File.Create(joined))
        {
            foreach (var path in rung.First.Segments.Select(s => s.Path).Prepend(rung.First.InitPath))
            {
                await using var part = File.OpenRead(path);
                await part.CopyToAsync(file, ct);
            }
        }

        // The edge is the ladder's output: progressive, one video stream.
        var edge = source with
        {
            Container = Container.Mp4, VideoStreamIndex = 0, IsInterlaced = false, DurationSeconds = rung.First.Segments.Sum(s => s.DurationSeconds),
        };
        var poster = workspace.PathFor("thumb.jpg");
        await ThumbnailCapture.CaptureFirstAsync(
            new MediaInput(joined, Container.Mp4), poster, edge, media.BoundsFor(edge, 0, media.MinRunTime + TimeSpan.FromSeconds(edge.DurationSeconds)), ct);
        await storage.UploadFileAsync(VideoKeys.Thumbnail(clipId), poster, "image/jpeg", ct);
        return new ThumbnailReady(clipId, VideoKeys.Thumbnail(clipId));
    }

    /// <summary>
    /// The clip's MP4 download, of the rung the videos' downloads are made of (<see cref="Rungs.DefaultStatic"/>, else its
    /// tallest) with the audio: its first edge, the stored segments between and its last edge joined by stream copy
    /// (<see cref="JoinedMp4"/>), no encode, each piece's audio placed by its media time as DASH places it
    /// (<see cref="MediaStarts"/>); then its storyboard, a decode of that MP4 (as a live recording's is).
    /// </summary>
    private static async Task<(RenditionReady Download, StoryboardReady Storyboard)> DownloadAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, IReadOnlyDictionary<string, EdgedRendition> edges,
        CancellationToken ct)
    {
        var rungs = edges.Values.Where(e => e.Rendition.Width > 0).ToList();
        var rung = rungs.FirstOrDefault(e => e.Rendition.Rendition == Rungs.DefaultStatic) ?? rungs.MaxBy(e => e.Rendition.Height)
                   ?? throw new InvalidOperationException($"The clip {clipId} has no video rendition to make its download of.");
        var audio = edges.Values.FirstOrDefault(e => e.Rendition.Width == 0);
        var video = await PiecesAsync(storage, workspace, rung, ct);
        var sound = audio is null ? null : await PiecesAsync(storage, workspace, audio, ct);
        var pictureStarts = MediaStarts(rung.Plan);
        var soundStarts = audio is null ? null : MediaStarts(audio.Plan);
        var pieces = video.Select((p, i) => new Mp4Piece(
            p.Piece, sound?.ElementAtOrDefault(i).Piece, p.DurationSeconds, soundStarts is null ? 0 : soundStarts[i] - pictureStarts[i])).ToList();
        var bounds = media.BoundsFor(source, 0, media.MinRunTime + TimeSpan.FromSeconds(source.DurationSeconds));
        var mp4 = workspace.PathFor($"{rung.Rendition.Rendition}.mp4");
        await JoinedMp4.MakeAsync(pieces, mp4, workspace.PathFor("joined"), bounds, ct);
        var key = VideoKeys.Rendition(clipId, rung.Rendition.Rendition);
        await storage.UploadFileAsync(key, mp4, "video/mp4", ct);
        var download = new RenditionReady(clipId, rung.Rendition.Rendition, key, rung.Rendition.Width, rung.Rendition.Height, new FileInfo(mp4).Length);

        // The MP4 just joined is the ladder's output: progressive, one video stream.
        var pictured = source with { Container = Container.Mp4, VideoStreamIndex = 0, IsInterlaced = false };
        var plan = StoryboardCapture.Plan(pictured);
        var sprite = workspace.PathFor("storyboard.jpg");
        await StoryboardCapture.CaptureAsync(new MediaInput(mp4, Container.Mp4), sprite, pictured, plan, bounds, ct);
        await storage.UploadFileAsync(VideoKeys.Storyboard(clipId), sprite, "image/jpeg", ct);
        return (download, new StoryboardReady(clipId, VideoKeys.Storyboard(clipId), plan.IntervalSeconds, plan.Count, plan.Columns, plan.TileWidth, plan.TileHeight));
    }

    /// <summary>A rendition of the clip as pieces on this disk: its first edge, the stored segments between (downloaded), its last edge.</summary>
    private static async Task<List<(CmafStretch Piece, double DurationSeconds)>> PiecesAsync(
        IObjectStorage storage, TempWorkspace workspace, EdgedRendition edged, CancellationToken ct)
    {
        var pieces = new List<(CmafStretch, double)> { Piece(edged.First) };
        if (edged.Plan.Middle.Count > 0)
        {
            var files = new List<string>();
            foreach (var uri in edged.Plan.Middle.Select(s => s.Uri).Prepend(edged.Plan.InitUri))
            {
                var path = workspace.PathFor($"{edged.Rendition.Rendition}_middle_{files.Count:00000}");
                await storage.DownloadToFileAsync(StreamingLayout.KeyOf(edged.Folder, uri), path, expected: null, ct);
                files.Add(path);
            }

            pieces.Add((new CmafStretch(files[0], files[1..]), edged.Plan.Middle.Sum(s => s.DurationSeconds)));
        }

        if (edged.Last is { } last)
        {
            pieces.Add(Piece(last));
        }

        return pieces;
    }

    private static (CmafStretch, double) Piece(EncodedEdge edge) =>
        (new CmafStretch(edge.InitPath, edge.Segments.Select(s => s.Path).ToList()), edge.Segments.Sum(s => s.DurationSeconds));

    /// <summary>A rendition's frame-accurate HLS playlist, stored in the clip's folder, its text, and its edges on this disk.</summary>
    private static async Task<(ExactRendition Made, string Playlist, EdgedRendition Edged)> MakeAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, StreamRenditionReady rendition, EdgePlan plan,
        CancellationToken ct)
    {
        var folder = rendition.PlaylistKey[..rendition.PlaylistKey.LastIndexOf('/')];
        var (firstInit, first, firstEdge) = await EdgeAsync(storage, media, source, workspace, clipId, rendition, folder, plan.InitUri, plan.First, "first", ct);
        var (lastInit, last, lastEdge) = plan.Last is null
            ? ((string?)null, (IReadOnlyList<(string, double)>)[], (EncodedEdge?)null)
            : await EdgeAsync(storage, media, source, workspace, clipId, rendition, folder, plan.InitUri, plan.Last, "last", ct);
        var middle = plan.Middle.Select(s => (StreamingLayout.RootUri(StreamingLayout.KeyOf(folder, s.Uri)), s.DurationSeconds)).ToList();
        var playlist = ClipEdges.Playlist(firstInit, first, StreamingLayout.RootUri(StreamingLayout.KeyOf(folder, plan.InitUri)), middle, lastInit, last);
        var key = ExactKey(clipId, rendition.Rendition, StreamingLayout.MediaPlaylist);
        await UploadAsync(storage, workspace, key, playlist, StreamingLayout.PlaylistContentType, ct);
        return (new ExactRendition(rendition.Rendition, key, first.Concat(middle).Concat(last).Sum(s => s.Item2)), playlist,
            new EdgedRendition(rendition, folder, plan, firstEdge, lastEdge));
    }

    private static async Task UploadAsync(IObjectStorage storage, TempWorkspace workspace, string key, string text, string contentType, CancellationToken ct)
    {
        var local = workspace.PathFor(Path.GetFileName(key) + "-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(local, text, ct);
        await storage.UploadFileAsync(key, local, contentType, ct);
    }

    /// <summary>One edge encoded again and stored in the clip's folder: its header's and segments' root URIs, and its files.</summary>
    private static async Task<(string Init, IReadOnlyList<(string, double)> Segments, EncodedEdge Edge)> EdgeAsync(
        IObjectStorage storage, MediaOptions media, SourceMedia source, TempWorkspace workspace, Guid clipId, StreamRenditionReady rendition, string folder, string initUri, EdgeCut cut,
        string name, CancellationToken ct)
    {
        var joined = workspace.PathFor($"{rendition.Rendition}_{name}.mp4");
        await using (var file = File.Create(joined))
        {
            foreach (var uri in (string[])[initUri, .. cut.Uris])
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

        return (StreamingLayout.RootUri(initKey), segments, edge);
    }

    /// <summary>Where the clip's frame-accurate files of a rendition are kept: beside its instant playlist, in a folder of their own.</summary>
    public static string ExactKey(Guid clipId, string rendition, string file) => VideoKeys.Stream(clipId, $"{rendition}/exact/{file}");
}

/// <summary>
/// A rendition of the video whose segments a clip plays (stored in <paramref name="Folder"/>), how the clip is cut from
/// it, and its edges encoded again (files on this disk).
/// </summary>
internal sealed record EdgedRendition(StreamRenditionReady Rendition, string Folder, EdgePlan Plan, EncodedEdge First, EncodedEdge? Last);

/// <summary>The decision when a clip's edges are encoded (pure, unit-tested).</summary>
public static class ClipFrameAccuracy
{
    /// <summary>
    /// The clip's frame-accurate playlists and DASH manifest (<paramref name="dashManifestKey"/>) replace its instant ones,
    /// and it is processed again (<c>video.processed</c>), lasting what the rungs' playlists last; nothing for a clip
    /// deleted meanwhile or already made frame-accurate. Its <paramref name="poster"/>, taken from its first edge, its MP4
    /// <paramref name="download"/> and the <paramref name="storyboard"/> taken from that are stored with them.
    /// </summary>
    public static IReadOnlyList<object> Decide(
        ClipSource clip, double startSeconds, IReadOnlyList<ExactRendition> made, string dashManifestKey, ThumbnailReady poster, RenditionReady download,
        StoryboardReady storyboard)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(made);
        if (clip.Deleted || clip.FrameAccurate || made.Count == 0)
        {
            return [];
        }

        return
        [
            new ClipMadeFrameAccurate(
                clip.Id, startSeconds, DurationOf(clip, made), made.Select(m => new StreamPlaylist(m.Rendition, m.PlaylistKey)).ToList(), dashManifestKey),
            poster,
            download,
            storyboard,
            new ProcessingCompleted(clip.Id),
        ];
    }

    /// <summary>How long the frame-accurate clip plays: what its rungs' playlists last (the audio's may end a few milliseconds off).</summary>
    public static double DurationOf(ClipSource clip, IReadOnlyList<ExactRendition> made)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(made);
        var rungs = made.Where(m => clip.Renditions.TryGetValue(m.Rendition, out var r) && r.Width > 0).ToList();
        return (rungs.Count > 0 ? rungs : made).Select(m => m.DurationSeconds).DefaultIfEmpty(0).Min();
    }
}
