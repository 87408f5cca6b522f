namespace VideoPipeline.MediaEngine;

/// <summary>
/// Publishes the ladder's CMAF while ffmpeg writes it: every part (one of ffmpeg's pieces) is uploaded as soon as ffmpeg
/// finished it, every segment once its last part is, then the rendition's growing low-latency playlist that names them
/// (<see cref="LowLatencyPlaylist"/>). Once the rung players start on and the sound have their first part (a live input:
/// every rendition), the master playlist is published and the destination told
/// (<see cref="IStreamDestination.StreamingStartedAsync"/>): the stream plays while it is still encoding. When ffmpeg is done, each playlist is finished and each rendition reported, with its bit rates
/// measured from its segments.
/// A published playlist only ever grows: an attempt after a failure or a crash keeps what an earlier one published
/// and publishes only the segments after it, so a player never sees a segment vanish, change place or appear twice.
/// </summary>
public sealed class StreamPublisher
{
    private readonly StreamEncoding _run;
    private readonly IStreamDestination _destination;
    private readonly SegmentSchedule _schedule;
    private readonly IReadOnlyList<Publication> _encoding;
    private readonly DateTimeOffset _programStart;
    private readonly OutputActivity _activity = new();
    private readonly TimeProvider _clock;
    private readonly Lock _arrival = new();
    private bool _started;

    /// <summary>An upload's rungs' headers before ffmpeg writes them (<see cref="PlannedHeaders"/>); null for a live input or a run that resumes a playing one.</summary>
    private Task<IReadOnlyDictionary<string, CmafHeader>>? _planned;

    /// <summary>The planned headers, once the master playlist was published with them.</summary>
    private IReadOnlyDictionary<string, CmafHeader> _plannedHeaders = new Dictionary<string, CmafHeader>(StringComparer.Ordinal);

    /// <summary>A live run's first frame: when it came in (<see cref="LiveStart"/>); null until a piece of it is out.</summary>
    private DateTimeOffset? _firstFrame;

    /// <summary>A segment of this live run has its date: the first frame's moment is settled.</summary>
    private bool _firstFrameSettled;

    /// <summary>A live input's DASH availability start: its oldest segment still timed (an earlier connection's, carried on), else this run's start.</summary>
    private readonly DateTimeOffset _liveOrigin;

    private StreamPublisher(StreamEncoding run, IReadOnlyList<Publication> encoding, DateTimeOffset programStart)
    {
        _run = run;
        _destination = run.Destination;
        _schedule = SegmentSchedule.Of(run.Options);
        _encoding = encoding;
        _programStart = programStart;
        _clock = run.Clock ?? TimeProvider.System;
        _started = run.StreamingStarted;
        _liveOrigin = encoding.SelectMany(r => r.Times).OfType<DateTimeOffset>().DefaultIfEmpty(run.Live?.StartedAt ?? programStart).Min();
    }

    /// <summary>
    /// Encodes the ladder in one ffmpeg run and publishes it as it goes (the pictures asked for are taken from the same
    /// decode). If publishing fails while ffmpeg runs, ffmpeg is stopped and the publishing failure is thrown.
    /// </summary>
    public static async Task EncodeAsync(StreamEncoding run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        var publisher = await OpenAsync(run, ct).ConfigureAwait(false);
        PictureOutput?[] wanted =
        [
            run.ThumbnailTo is null ? null : ThumbnailCapture.Output(run.Source, run.ThumbnailTo),
            run.StoryboardTo is null ? null : StoryboardCapture.Output(StoryboardCapture.Plan(run.Source), run.StoryboardTo),
        ];
        using var stopEncoding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // An upload's master playlist goes out once the rung players start on is out; the other rungs' headers are planned meanwhile.
        publisher._planned = run.Live is null && !run.StreamingStarted
            ? PlannedHeaders.OfAsync(
                [.. run.Outputs.Where(o => !o.IsAudio).Select(o => o.Rung!)], run.Source, run.Options, Path.Combine(run.WorkFolder, "planned"), stopEncoding.Token)
            : null;
        var encoding = StreamingLadder.RunAsync(
            run.Input, run.WorkFolder, run.Source, run.Outputs, [.. wanted.OfType<PictureOutput>()], run.Options, run.Bounds, run.Progress, stopEncoding.Token,
            publisher._activity);
        try
        {
            await publisher.FollowAsync(encoding, ct).ConfigureAwait(false);
        }
        catch when (!encoding.IsCompleted)
        {
            // Publishing failed while ffmpeg runs: stop it (the call returns once it has exited) and report why publishing failed.
            await stopEncoding.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(encoding).ConfigureAwait(false);
            throw;
        }

        // The same settings as the ladder's: if the blank frames could not be encoded, neither could the ladder's own.
        if (publisher._planned is { } planned)
        {
            await planned.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads what earlier runs published of the renditions this one encodes. A live input that comes back (on this node or,
    /// its node lost, on another) carries on after every rendition's published segments, keeping each one's time from the
    /// stored live playlist so the live window still names them; renditions a lost node left unevenly published are cut
    /// back to the shortest, so a segment's place is the same moment in every rendition.
    /// </summary>
    private static async Task<StreamPublisher> OpenAsync(StreamEncoding run, CancellationToken ct)
    {
        var stored = new List<(StreamOutput Output, MediaPlaylist Playlist, IReadOnlyDictionary<string, DateTimeOffset> Times)>(run.Outputs.Count);
        DateTimeOffset? programStart = null;
        foreach (var output in run.Outputs)
        {
            var text = await run.Destination.ReadToResumeAsync(CmafLayout.RenditionFile(output.Name, CmafLayout.MediaPlaylist), ct).ConfigureAwait(false);
            programStart ??= text is null ? null : LowLatencyPlaylist.FirstProgramDateTime(text);
            var live = run.Live is null || text is null
                ? null
                : await run.Destination.ReadToResumeAsync(CmafLayout.RenditionFile(output.Name, CmafLayout.LivePlaylist), ct).ConfigureAwait(false);
            stored.Add((output, text is null ? MediaPlaylist.Empty : MediaPlaylist.Parse(text), live is null ? new Dictionary<string, DateTimeOffset>() : LivePlaylist.ProgramDateTimes(live)));
        }

        var aligned = run.Live is null ? int.MaxValue : stored.Select(s => s.Playlist.Segments.Count).DefaultIfEmpty(0).Min();
        var renditions = new List<Publication>(run.Outputs.Count);
        foreach (var (output, playlist, times) in stored)
        {
            var segments = playlist.Segments.Take(aligned).ToList();
            var rendition = new Publication(output, run.WorkFolder, PartTarget(run, output));
            rendition.Segments.AddRange(segments);
            rendition.Sizes.AddRange(segments.Select(_ => (long?)null));
            rendition.SegmentParts.AddRange(segments.Select(_ => (IReadOnlyList<PlaylistPart>)[]));
            foreach (var segment in segments)
            {
                // A segment the lost node stored without its live playlist began where the one before it ended.
                rendition.Times.Add(times.TryGetValue(segment.Uri, out var time) ? time
                    : rendition.Times.Count > 0 && rendition.Times[^1] is { } previous ? previous.AddSeconds(rendition.Segments[rendition.Times.Count - 1].DurationSeconds)
                    : null);
            }

            rendition.HeaderStored = segments.Count > 0;
            // A live input that comes back continues after what was published, on a new timeline; an upload's retry redoes the same one.
            rendition.Carried = run.Live is null ? 0 : segments.Count;
            renditions.Add(rendition);
        }

        // Every rendition's dates count from the same moment, so they map to media time alike (RFC 8216bis §6.2.4).
        return new StreamPublisher(run, renditions, programStart ?? (run.Clock ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>
    /// Publishes as ffmpeg goes (each time it writes a playlist), until <paramref name="encoding"/> ends; then, if it
    /// succeeded, publishes the rest and finishes every rendition.
    /// </summary>
    private async Task FollowAsync(Task encoding, CancellationToken ct)
    {
        using (var writes = new PlaylistWrites(_run.WorkFolder))
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
        if (_run.Live is null)
        {
            await FinishAsync(ct);
        }
    }

    private async Task PublishAsync(bool final, CancellationToken ct)
    {
        await Task.WhenAll(_encoding.Select(rendition => PublishAsync(rendition, final, ct)));
        // Until every rendition has a piece, nothing has moved forward (a reached 0 % would be reported as progress).
        var written = _encoding.Select(r => r.WrittenSeconds).DefaultIfEmpty(0).Min();
        if (written > 0)
        {
            _activity.Reached(TimeSpan.FromSeconds(written));
        }
        if (!_started && await ReadyToPlayAsync())
        {
            await StartStreamingAsync(ct);
        }
    }

    /// <summary>
    /// Every rendition has its first part out; or, for an upload, the rung players start on (the master's first) and the
    /// sound have theirs and every other rung's header is planned: players open the first rung's playlist first, and the
    /// service holds a request for a rung's playlist that is not out yet until it is (a few tenths of a second later).
    /// </summary>
    private async Task<bool> ReadyToPlayAsync()
    {
        // A rendition's header is read from this attempt's files, which an earlier attempt's published segments may precede.
        static bool IsOut(Publication rendition) => (rendition.Segments.Count > 0 || rendition.OpenParts.Count > 0) && rendition.Header is not null;
        if (_encoding.All(IsOut))
        {
            return true;
        }

        var opening = LadderPlanner.Opening(_run.Source).Name;
        if (_planned is not { IsCompleted: true } || !_encoding.Where(r => r.IsAudio || r.Name == opening).All(IsOut))
        {
            return false;
        }

        var planned = await _planned;
        if (!_encoding.All(r => r.Header is not null || planned.ContainsKey(r.Name)))
        {
            return false;
        }

        _plannedHeaders = planned;
        return true;
    }

    private async Task PublishAsync(Publication rendition, bool final, CancellationToken ct)
    {
        var local = File.Exists(rendition.LocalPlaylist) ? MediaPlaylist.Parse(await File.ReadAllTextAsync(rendition.LocalPlaylist, ct)) : MediaPlaylist.Empty;
        if (final && !local.Ended)
        {
            throw new TranscodeFailedException($"ffmpeg ended without finishing the {rendition.Name} rendition.");
        }

        var progress = CmafSegmenting.Progress(local, rendition.Folder, _schedule);
        rendition.WrittenSeconds = local.DurationSeconds;
        NoteArrival(local.DurationSeconds);
        if (progress.Complete.Count == 0 && progress.Open.Count == 0)
        {
            return;
        }

        rendition.Header ??= CmafFiles.ReadHeader(rendition.LocalHeader);
        if (!rendition.HeaderStored)
        {
            await _destination.StoreFileAsync(rendition.Key(CmafLayout.InitSegment), rendition.LocalHeader, rendition.ContentType, ct);
            rendition.HeaderStored = true;
        }

        // Each segment is named by the playlist as soon as it is stored: what is uploaded is published, so a later attempt redoes nothing of it.
        foreach (var segment in progress.Complete.Skip(rendition.Segments.Count - rendition.Carried))
        {
            var ordinal = rendition.Carried + segment.Ordinal;
            // A segment some of whose parts are published is listed with all of them: a player following the parts finds the next one.
            // A low-latency broadcast lists every segment's parts, even one finished between two looks: its first part was hinted.
            var parts = rendition.OpenParts.Count > 0 || _run.Live is { LowLatency: true }
                ? await StorePartsAsync(rendition, ordinal, segment.Pieces, ct)
                : [];
            var file = segment.Pieces.Count == 1 ? segment.Pieces[0].Path : Path.Combine(rendition.Folder, segment.Name);
            if (segment.Pieces.Count > 1)
            {
                await CmafFiles.JoinAsync(segment.Pieces.Select(p => p.Path).ToList(), file, ct);
            }

            var name = CmafLayout.Segment(ordinal);
            await _destination.StoreFileAsync(rendition.Key(name), file, rendition.ContentType, ct);
            rendition.Segments.Add(new PlaylistSegment(name, segment.DurationSeconds, Discontinuity: rendition.Carried > 0 && segment.Ordinal == 0));
            rendition.SegmentParts.Add(parts);
            rendition.Sizes.Add(new FileInfo(file).Length);
            rendition.Times.Add(_run.Live is null ? null : SettledLiveStart().AddSeconds(rendition.RunSeconds));
            rendition.RunSeconds += segment.DurationSeconds;
            rendition.OpenParts.Clear();
            await StorePlaylistAsync(rendition, ended: false, newSegment: true, ct);
        }

        if (!final && progress.Open.Count > rendition.OpenParts.Count)
        {
            await StorePartsAsync(rendition, rendition.Segments.Count, progress.Open, ct);
            await StorePlaylistAsync(rendition, ended: false, newSegment: false, ct);
        }
    }

    /// <summary>Stores the pieces of segment <paramref name="ordinal"/> not yet stored as parts; returns all its parts.</summary>
    private async Task<IReadOnlyList<PlaylistPart>> StorePartsAsync(Publication rendition, int ordinal, IReadOnlyList<CmafPiece> pieces, CancellationToken ct)
    {
        for (var index = rendition.OpenParts.Count; index < pieces.Count; index++)
        {
            var name = CmafLayout.Part(ordinal, index);
            await _destination.StoreFileAsync(rendition.Key(name), pieces[index].Path, rendition.ContentType, ct);
            // Keyframes fall on segment boundaries only: a video part is independent when it opens its segment.
            rendition.OpenParts.Add(new PlaylistPart(name, pieces[index].DurationSeconds, Independent: index == 0 || rendition.IsAudio));
        }

        return [.. rendition.OpenParts];
    }

    private async Task StartStreamingAsync(CancellationToken ct)
    {
        var described = LadderPlanner.Outputs(_run.Source).Select(Describe).ToList();
        var master = StreamManifests.HlsMaster(
            described.Where(r => r.Header.IsVideo).ToList(), described.FirstOrDefault(r => !r.Header.IsVideo));
        await StoreTextAsync(CmafLayout.MasterPlaylist, master, CmafLayout.PlaylistContentType, ct);
        await _destination.StreamingStartedAsync(CmafLayout.MasterPlaylist, ct);
        _started = true;
    }

    /// <summary>
    /// How the growing master announces a rendition: as measured when an earlier run finished it, otherwise with
    /// the highest rate its encoder may reach (nothing is measured yet); the final master replaces these with measurements.
    /// </summary>
    private ManifestRendition Describe(StreamOutput output)
    {
        if (_run.Finished.TryGetValue(output.Name, out var done))
        {
            return ManifestRendition.Of(done, output);
        }

        var header = _encoding.First(r => r.Name == output.Name).Header ?? _plannedHeaders[output.Name];
        var ceiling = output.IsAudio
            ? _run.Options.AudioBitrateKbps * 1000L
            : LadderEncoding.MaxRateKbps(output.Rung!, _run.Source.FrameRate) * 1000L;
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

            await StorePlaylistAsync(rendition, ended: true, newSegment: false, ct);
            await _destination.DeleteFolderAsync(rendition.Key(CmafLayout.PartsFolder), ct);
            var sizes = new List<(double Seconds, long Bytes)>(rendition.Segments.Count);
            for (var i = 0; i < rendition.Segments.Count; i++)
            {
                var bytes = rendition.Sizes[i] ?? await StoredSizeAsync(rendition.Key(rendition.Segments[i].Uri), ct);
                sizes.Add((rendition.Segments[i].DurationSeconds, bytes));
            }

            var bitrates = Bitrates.Measure(sizes, _schedule.SteadySeconds);
            var header = rendition.Header!;
            await _destination.RenditionFinishedAsync(new FinishedRendition(
                rendition.Name, rendition.Key(CmafLayout.MediaPlaylist), header.Width, header.Height, sizes.Sum(s => s.Bytes),
                bitrates.PeakBitsPerSecond, bitrates.AverageBitsPerSecond, header.Codecs), ct);
        }
    }

    private Task<long> StoredSizeAsync(string path, CancellationToken ct) => _destination.SizeOfAsync(path, ct);

    /// <summary>
    /// The growing playlist is the low-latency one (parts, a hint of the next, blocking reloads); the finished one is the
    /// plain VOD playlist, without parts, whose files stay. A live input also gets its sliding live playlist.
    /// </summary>
    /// <param name="newSegment">A segment was added: what names whole segments only changes with it.</param>
    private async Task StorePlaylistAsync(Publication rendition, bool ended, bool newSegment, CancellationToken ct)
    {
        rendition.Latest = Report(rendition);
        // A live input's viewers follow its live playlist: it goes out first, the recording's growing playlist after it.
        if (_run.Live is { } live)
        {
            // A standard live playlist, like the DASH manifest, names whole segments only; it is stored once before the
            // first of them, since the broadcast is playable from its first part and players ask for it from then on.
            if (live.LowLatency || newSegment || !rendition.LivePlaylistStored)
            {
                await StoreTextAsync(
                    rendition.Key(CmafLayout.LivePlaylist),
                    live.LowLatency
                        ? SlidingLowLatency(rendition, live).Write()
                        : LivePlaylist.Write(CmafLayout.InitSegment, rendition.Segments, rendition.Times, live.DvrWindowSeconds, _schedule.SteadySeconds),
                    CmafLayout.PlaylistContentType,
                    ct);
                rendition.LivePlaylistStored = true;
            }

            if (newSegment && LiveDash(live) is { } manifest)
            {
                await StoreTextAsync(CmafLayout.LiveDashManifest, manifest, CmafLayout.DashContentType, ct);
            }
        }

        await StoreTextAsync(
            rendition.Key(CmafLayout.MediaPlaylist),
            ended ? new MediaPlaylist(CmafLayout.InitSegment, rendition.Segments, ended).Write(_schedule.SteadySeconds) : Growing(rendition).Write(),
            CmafLayout.PlaylistContentType,
            ct);
    }

    /// <summary>The live ladder's dynamic DASH manifest, once every rendition has its header and a segment of this run.</summary>
    private string? LiveDash(LivePublishing live)
    {
        if (_encoding.Any(r => r.Header is null || r.Segments.Count == 0 || r.Times[^1] is null))
        {
            return null;
        }

        var renditions = LadderPlanner.Outputs(_run.Source).Select(output =>
        {
            var rendition = _encoding.First(r => r.Name == output.Name);
            var first = LivePlaylist.FirstNamed(rendition.Segments, rendition.Times, live.DvrWindowSeconds);
            var timed = Enumerable.Range(first, rendition.Segments.Count - first).Select(i => new TimedSegment(
                (long)Math.Round((rendition.Times[i]!.Value - _liveOrigin).TotalMilliseconds), (long)Math.Round(rendition.Segments[i].DurationSeconds * 1000))).ToList();
            return new LiveDashRendition(Describe(output), first, timed);
        }).ToList();
        var newest = LiveStart.AddSeconds(_encoding.Max(r => r.RunSeconds));
        return StreamManifests.DashLive(
            renditions.Where(r => r.Rendition.Header.IsVideo).ToList(), renditions.FirstOrDefault(r => !r.Rendition.Header.IsVideo),
            _liveOrigin, newest, live.DvrWindowSeconds, _schedule.SteadySeconds);
    }

    /// <summary>
    /// A low-latency broadcast's live playlist: the segments of the live window (<see cref="LivePlaylist.FirstNamed"/>) with
    /// the parts of the recent ones, the parts of the segment being produced and the hint of the next one.
    /// </summary>
    private LowLatencyPlaylist SlidingLowLatency(Publication rendition, LivePublishing live)
    {
        var first = LivePlaylist.FirstNamed(rendition.Segments, rendition.Times, live.DvrWindowSeconds);
        var segments = new List<LowLatencySegment>(rendition.Segments.Count - first);
        for (var i = first; i < rendition.Segments.Count; i++)
        {
            var segment = rendition.Segments[i];
            segments.Add(new LowLatencySegment(segment.Uri, segment.DurationSeconds, rendition.Times[i]!.Value, rendition.SegmentParts[i], segment.Discontinuity));
        }

        // Before a reconnect's first segment is complete, its parts start the new timeline: after a tag, or, listed alone, by the sequence.
        var openStartsTimeline = OpensTimeline(rendition);
        return new LowLatencyPlaylist(
            CmafLayout.InitSegment, TargetDuration, rendition.PartTargetSeconds, MediaSequence: first, segments, [.. rendition.OpenParts],
            LiveStart.AddSeconds(rendition.RunSeconds), NextPart(rendition), PlaylistGrowth.Sliding,
            Ended: false, DiscontinuitySequence: LivePlaylist.DiscontinuitiesThrough(rendition.Segments, first) + (openStartsTimeline && segments.Count == 0 ? 1 : 0),
            OpenDiscontinuity: openStartsTimeline, Reports: ReportsBeside(rendition));
    }

    private LowLatencyPlaylist Growing(Publication rendition)
    {
        var segments = new List<LowLatencySegment>(rendition.Segments.Count);
        var start = 0.0;
        for (var i = 0; i < rendition.Segments.Count; i++)
        {
            var segment = rendition.Segments[i];
            segments.Add(new LowLatencySegment(segment.Uri, segment.DurationSeconds, _programStart.AddSeconds(start), rendition.SegmentParts[i], segment.Discontinuity));
            start += rendition.Segments[i].DurationSeconds;
        }

        return new LowLatencyPlaylist(
            CmafLayout.InitSegment, TargetDuration, rendition.PartTargetSeconds, MediaSequence: 0, segments, [.. rendition.OpenParts], _programStart.AddSeconds(start),
            NextPart(rendition), PlaylistGrowth.FromTheStart, Ended: false, OpenDiscontinuity: OpensTimeline(rendition), Reports: ReportsBeside(rendition));
    }

    /// <summary>
    /// When a live run's first frame came in, which its program date-times count from, so that a player's latency measured
    /// against them (hls.js) is the broadcast's: ffmpeg finishes a piece once the frame after it has come in and is
    /// encoded, so the moment a rendition has <paramref name="writtenSeconds"/> out, less that, is at or just after the
    /// first frame came in (ffmpeg's start, its connection and the wait for a keyframe all come before). The earliest of
    /// these until this run's first segment is dated (the open parts' date may move earlier by milliseconds until then);
    /// the run's start until a piece is out.
    /// </summary>
    private void NoteArrival(double writtenSeconds)
    {
        if (_run.Live is null || writtenSeconds <= 0)
        {
            return;
        }

        var arrived = _clock.GetUtcNow().AddSeconds(-writtenSeconds);
        lock (_arrival)
        {
            if (!_firstFrameSettled && (_firstFrame is null || arrived < _firstFrame))
            {
                _firstFrame = arrived;
            }
        }
    }

    /// <summary>The wall-clock time of this live run's first frame as known so far (<see cref="NoteArrival"/>).</summary>
    private DateTimeOffset LiveStart
    {
        get
        {
            lock (_arrival)
            {
                return _firstFrame ?? _run.Live!.StartedAt;
            }
        }
    }

    /// <summary>The same, settled: a segment is dated with it, and every later one must count from the same moment.</summary>
    private DateTimeOffset SettledLiveStart()
    {
        lock (_arrival)
        {
            _firstFrameSettled = true;
            return _firstFrame ?? _run.Live!.StartedAt;
        }
    }

    /// <summary>Where each other rendition stands, as last published (§4.4.5.4: a low-latency playlist reports its ladder's other renditions).</summary>
    private List<RenditionReport> ReportsBeside(Publication rendition) =>
        [.. _encoding.Where(other => other != rendition).Select(other => other.Latest).OfType<RenditionReport>()];

    /// <summary>A rendition's last published segment or part, null before it has one.</summary>
    private static RenditionReport? Report(Publication rendition)
    {
        var uri = $"../{rendition.Name}/{CmafLayout.MediaPlaylist}";
        return rendition.OpenParts.Count > 0 ? new RenditionReport(uri, rendition.Segments.Count, rendition.OpenParts.Count - 1)
            : rendition.Segments.Count == 0 ? null
            : new RenditionReport(uri, rendition.Segments.Count - 1, rendition.SegmentParts[^1].Count > 0 ? rendition.SegmentParts[^1].Count - 1 : null);
    }

    /// <summary>The segment being produced is a live run's first after what an earlier connection published.</summary>
    private static bool OpensTimeline(Publication rendition) => rendition.Carried > 0 && rendition.Segments.Count == rendition.Carried;

    /// <summary>
    /// The part the preload hint names: the next one of the open segment, or the first of the segment after once the open
    /// one has all its parts (the schedule fixes each segment's length, and ffmpeg cuts it into parts of a fixed length),
    /// so that the hinted part is one that comes.
    /// </summary>
    private string NextPart(Publication rendition)
    {
        var ordinal = rendition.Segments.Count;
        var ofThisRun = ordinal - rendition.Carried;
        var parts = (int)Math.Round((_schedule.Start(ofThisRun + 1) - _schedule.Start(ofThisRun)) / _schedule.PartSeconds);
        return rendition.OpenParts.Count < parts ? CmafLayout.Part(ordinal, rendition.OpenParts.Count) : CmafLayout.Part(ordinal + 1, 0);
    }

    /// <summary>The longest part of the output (<c>PART-TARGET</c>), exact: the ladder encodes its frames in order.</summary>
    private static double PartTarget(StreamEncoding run, StreamOutput output) =>
        SegmentSchedule.Of(run.Options).PartTargetSeconds(output.IsAudio ? null : LadderEncoding.FrameRate(run.Source));

    /// <summary>The same target duration as the finished playlist, so it never changes.</summary>
    private int TargetDuration => MediaPlaylist.TargetDuration(_schedule.SteadySeconds, []);

    private Task StoreTextAsync(string path, string text, string contentType, CancellationToken ct) =>
        _destination.StoreTextAsync(path, text, contentType, ct);

    /// <summary>One rendition being published: what ffmpeg wrote locally and what is stored.</summary>
    private sealed class Publication(StreamOutput output, string root, double partTarget)
    {
        public double PartTargetSeconds => partTarget;

        public string Name => output.Name;

        public string Folder => output.FolderUnder(root);

        public string LocalPlaylist => output.LocalPlaylistUnder(root);

        public string LocalHeader => Path.Combine(Folder, CmafLayout.InitSegment);

        public string ContentType => output.ContentType;

        public bool IsAudio => output.IsAudio;

        /// <summary>The parts each published segment was published as (none for those an earlier attempt published).</summary>
        public List<IReadOnlyList<PlaylistPart>> SegmentParts { get; } = [];

        /// <summary>The published parts of the segment ffmpeg is writing.</summary>
        public List<PlaylistPart> OpenParts { get; } = [];

        /// <summary>The published segments, in order.</summary>
        public List<PlaylistSegment> Segments { get; } = [];

        /// <summary>Each published segment's size; null for one an earlier attempt published.</summary>
        public List<long?> Sizes { get; } = [];

        /// <summary>A live input's segments: when each one began (its program date-time); null for one an earlier run published.</summary>
        public List<DateTimeOffset?> Times { get; } = [];

        /// <summary>How many published segments a live run carries on after (numbered on from them); 0 for an upload.</summary>
        public int Carried { get; set; }

        /// <summary>How much this run has published, in seconds of media.</summary>
        public double RunSeconds { get; set; }

        public CmafHeader? Header { get; set; }

        public bool HeaderStored { get; set; }

        public bool LivePlaylistStored { get; set; }

        /// <summary>Its last published segment or part, as other renditions' playlists report it; set by its own publishing only.</summary>
        public RenditionReport? Latest
        {
            get => Volatile.Read(ref _latest);
            set => Volatile.Write(ref _latest, value);
        }

        private RenditionReport? _latest;

        /// <summary>How much of the rendition ffmpeg has written (its pieces), this attempt.</summary>
        public double WrittenSeconds { get; set; }

        public string Key(string file) => CmafLayout.RenditionFile(output.Name, file);
    }
}
