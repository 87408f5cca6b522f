using Microsoft.Extensions.Logging;
using VideoPipeline.BuildingBlocks.Media;
using VideoPipeline.BuildingBlocks.Storage;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Modules.Processing.TranscodeVideo.Steps;

/// <summary>
/// Publishes the ladder's CMAF while ffmpeg writes it: every segment is uploaded as soon as ffmpeg finished it, then the
/// rendition's growing playlist that names it. Once every rendition has its first segment, the master playlist is
/// published and <see cref="StreamingStarted"/> recorded: the video plays while it is still encoding. When ffmpeg is
/// done, each playlist is finished and each rendition recorded, with its bit rates measured from its segments.
/// A published playlist only ever grows: an attempt after a failure or a crash keeps what an earlier one published
/// and publishes only the segments after it, so a player never sees a segment vanish, change place or appear twice.
/// </summary>
internal sealed class StreamPublisher
{
    private readonly TranscodeJob _job;
    private readonly TranscodeWork _work;
    private readonly SegmentSchedule _schedule;
    private readonly IReadOnlyList<Publication> _encoding;
    private bool _started;

    private StreamPublisher(TranscodeJob job, TranscodeWork work, IReadOnlyList<Publication> encoding)
    {
        _job = job;
        _work = work;
        _schedule = SegmentSchedule.Of(work.Options);
        _encoding = encoding;
        _started = job.StreamingStarted;
    }

    /// <summary>Reads what earlier attempts published of the renditions this one encodes.</summary>
    public static async Task<StreamPublisher> OpenAsync(TranscodeJob job, TranscodeWork work, IReadOnlyList<StreamOutput> outputs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var renditions = new List<Publication>(outputs.Count);
        foreach (var output in outputs)
        {
            var stored = await ReadPublishedAsync(work, job.Id, output.Name, ct);
            var rendition = new Publication(output, work.StreamRoot, job.Id);
            rendition.Segments.AddRange(stored.Segments);
            rendition.Sizes.AddRange(stored.Segments.Select(_ => (long?)null));
            rendition.HeaderStored = stored.Segments.Count > 0;
            renditions.Add(rendition);
        }

        return new StreamPublisher(job, work, renditions);
    }

    /// <summary>The playlist the service stored for a rendition, or an empty one when there is none yet.</summary>
    public static async Task<MediaPlaylist> ReadStoredPlaylistAsync(IObjectStorage storage, Guid videoId, string rendition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storage);
        try
        {
            var bytes = await storage.ReadAllBytesAsync(VideoKeys.Stream(videoId, $"{rendition}/{StreamingLayout.MediaPlaylist}"), ct);
            return MediaPlaylist.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        }
        catch (ObjectNotFoundException)
        {
            return MediaPlaylist.Empty;
        }
    }

    /// <summary>
    /// What an earlier attempt published of an unfinished rendition; nothing when its playlist does not match the checksum
    /// it was stored with (a store that kept the PUT a crash cut off): the rendition is then published again from its
    /// start, each segment under the name it had.
    /// </summary>
    private static async Task<MediaPlaylist> ReadPublishedAsync(TranscodeWork work, Guid videoId, string rendition, CancellationToken ct)
    {
        try
        {
            return await ReadStoredPlaylistAsync(work.Storage, videoId, rendition, ct);
        }
        catch (ObjectCorruptException corrupt)
        {
            work.Logger.LogWarning(corrupt, "The stored playlist of {Rendition} of video {VideoId} is corrupt; publishing the rendition again from its start", rendition, videoId);
            return MediaPlaylist.Empty;
        }
    }

    /// <summary>
    /// Publishes as ffmpeg goes (each time it writes a playlist), until <paramref name="encoding"/> ends; then, if it
    /// succeeded, publishes the rest and finishes every rendition.
    /// </summary>
    public async Task FollowAsync(Task encoding, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        using (var writes = new PlaylistWrites(_work.StreamRoot))
        {
            // The first look covers what ffmpeg wrote before the watch began.
            while (!encoding.IsCompleted)
            {
                await PublishAsync(final: false, ct);
                await Task.WhenAny(encoding, writes.NextAsync(ct));
                ct.ThrowIfCancellationRequested();
            }
        }

        await encoding;
        await PublishAsync(final: true, ct);
        await FinishAsync(ct);
    }

    private async Task PublishAsync(bool final, CancellationToken ct)
    {
        await Task.WhenAll(_encoding.Select(rendition => PublishAsync(rendition, final, ct)));
        // A rendition's header is read from this attempt's files, which an earlier attempt's published segments may precede.
        if (!_started && _encoding.All(r => r.Segments.Count > 0 && r.Header is not null))
        {
            await StartStreamingAsync(ct);
        }
    }

    private async Task PublishAsync(Publication rendition, bool final, CancellationToken ct)
    {
        var local = File.Exists(rendition.LocalPlaylist) ? MediaPlaylist.Parse(await File.ReadAllTextAsync(rendition.LocalPlaylist, ct)) : MediaPlaylist.Empty;
        if (final && !local.Ended)
        {
            throw new TranscodeFailedException($"ffmpeg ended without finishing the {rendition.Name} rendition.");
        }

        var segments = CmafSegmenting.Complete(local, rendition.Folder, _schedule);
        if (segments.Count == 0)
        {
            return;
        }

        rendition.Header ??= CmafFiles.ReadHeader(rendition.LocalHeader);
        if (!rendition.HeaderStored)
        {
            await _work.Storage.UploadFileAsync(rendition.Key(StreamingLayout.InitSegment), rendition.LocalHeader, rendition.ContentType, ct);
            rendition.HeaderStored = true;
        }

        // Each segment is named by the playlist as soon as it is stored: what is uploaded is published, so a later attempt redoes nothing of it.
        foreach (var segment in segments.Skip(rendition.Segments.Count))
        {
            var file = segment.Pieces.Count == 1 ? segment.Pieces[0] : Path.Combine(rendition.Folder, segment.Name);
            if (segment.Pieces.Count > 1)
            {
                await CmafFiles.JoinAsync(segment.Pieces, file, ct);
            }

            await _work.Storage.UploadFileAsync(rendition.Key(segment.Name), file, rendition.ContentType, ct);
            rendition.Segments.Add(new PlaylistSegment(segment.Name, segment.DurationSeconds));
            rendition.Sizes.Add(new FileInfo(file).Length);
            await StorePlaylistAsync(rendition, ended: false, ct);
        }
    }

    private async Task StartStreamingAsync(CancellationToken ct)
    {
        var outputs = LadderPlanner.Outputs(_job.Source!);
        var described = outputs.Select(Describe).ToList();
        var master = StreamManifests.HlsMaster(
            described.Where(r => r.Header.IsVideo).ToList(), described.FirstOrDefault(r => !r.Header.IsVideo));
        var masterKey = VideoKeys.Stream(_job.Id, StreamingLayout.MasterPlaylist);
        await _work.UploadTextAsync(masterKey, master, StreamingLayout.PlaylistContentType, ct);
        await _work.RecordAsync(new StreamingStarted(_job.Id, masterKey, Playlists(_job.Id, outputs)), ct);
        _started = true;
    }

    /// <summary>
    /// How the growing master announces a rendition: as recorded when an earlier attempt finished it, otherwise with
    /// the highest rate its encoder may reach (nothing is measured yet); the final master replaces these with measurements.
    /// </summary>
    private ManifestRendition Describe(StreamOutput output)
    {
        if (_job.StreamRenditions.TryGetValue(output.Name, out var done))
        {
            return new ManifestRendition(output.Name, new CmafHeader(done.Codecs, done.Width, done.Height, !output.IsAudio),
                done.PeakBitsPerSecond, done.AverageBitsPerSecond);
        }

        var header = _encoding.First(r => r.Name == output.Name).Header!;
        var ceiling = output.IsAudio
            ? _work.Options.AudioBitrateKbps * 1000L
            : LadderEncoding.MaxRateKbps(output.Rung!, _job.Source!.FrameRate) * 1000L;
        return new ManifestRendition(output.Name, header, ceiling, AverageBitsPerSecond: null);
    }

    private async Task FinishAsync(CancellationToken ct)
    {
        foreach (var rendition in _encoding)
        {
            if (rendition.Segments.Count == 0)
            {
                throw new TranscodeFailedException($"ffmpeg wrote no {rendition.Name} segment from the source.");
            }

            await StorePlaylistAsync(rendition, ended: true, ct);
            var sizes = new List<(double Seconds, long Bytes)>(rendition.Segments.Count);
            for (var i = 0; i < rendition.Segments.Count; i++)
            {
                var bytes = rendition.Sizes[i] ?? await StoredSizeAsync(rendition.Key(rendition.Segments[i].Uri), ct);
                sizes.Add((rendition.Segments[i].DurationSeconds, bytes));
            }

            var bitrates = Bitrates.Measure(sizes, _schedule.SteadySeconds);
            var header = rendition.Header!;
            await _work.RecordAsync(new StreamRenditionReady(
                _job.Id, rendition.Name, rendition.Key(StreamingLayout.MediaPlaylist), header.Width, header.Height, sizes.Sum(s => s.Bytes),
                bitrates.PeakBitsPerSecond, bitrates.AverageBitsPerSecond, header.Codecs), ct);
        }
    }

    private async Task<long> StoredSizeAsync(string key, CancellationToken ct) =>
        (await _work.Storage.HeadAsync(key, ct))?.Size
            ?? throw new StorageUnavailableException($"The published segment '{key}' is missing from storage.");

    private Task StorePlaylistAsync(Publication rendition, bool ended, CancellationToken ct) =>
        _work.UploadTextAsync(
            rendition.Key(StreamingLayout.MediaPlaylist),
            new MediaPlaylist(StreamingLayout.InitSegment, rendition.Segments, ended).Write(_schedule.SteadySeconds),
            StreamingLayout.PlaylistContentType,
            ct);

    /// <summary>Every rendition's stored media playlist, as the playback side looks them up.</summary>
    public static IReadOnlyList<StreamPlaylist> Playlists(Guid videoId, IEnumerable<StreamOutput> outputs) =>
        outputs.Select(o => new StreamPlaylist(o.Name, VideoKeys.Stream(videoId, $"{o.Name}/{StreamingLayout.MediaPlaylist}"))).ToList();

    /// <summary>One rendition being published: what ffmpeg wrote locally and what is stored.</summary>
    private sealed class Publication(StreamOutput output, string root, Guid videoId)
    {
        public string Name => output.Name;

        public string Folder => output.FolderUnder(root);

        public string LocalPlaylist => output.LocalPlaylistUnder(root);

        public string LocalHeader => Path.Combine(Folder, StreamingLayout.InitSegment);

        public string ContentType => output.IsAudio ? "audio/mp4" : "video/mp4";

        /// <summary>The published segments, in order.</summary>
        public List<PlaylistSegment> Segments { get; } = [];

        /// <summary>Each published segment's size; null for one an earlier attempt published.</summary>
        public List<long?> Sizes { get; } = [];

        public CmafHeader? Header { get; set; }

        public bool HeaderStored { get; set; }

        public string Key(string file) => VideoKeys.Stream(videoId, $"{output.Name}/{file}");
    }
}
