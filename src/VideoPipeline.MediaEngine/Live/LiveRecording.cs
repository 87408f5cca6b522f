namespace VideoPipeline.MediaEngine;

/// <summary>A broadcast's recording, finished: every rendition as measured, and how long it lasts.</summary>
public sealed record FinishedRecording(IReadOnlyDictionary<string, FinishedRendition> Renditions, double DurationSeconds);

/// <summary>
/// Finishes what a live run published (<see cref="StreamEncoding.Live"/>) as a video on demand, from what is stored and
/// without encoding again: each rendition's growing playlist is ended (with the parts of the segment it was producing
/// joined into a last segment, <see cref="OpenSegment"/>) and its bit rates measured from its stored segments, then the final HLS master and the DASH manifest are written (<see cref="FinalManifests"/>).
/// </summary>
public static class LiveRecording
{
    /// <param name="workFolder">A private local folder for the headers read back.</param>
    public static async Task<FinishedRecording> FinishAsync(
        SourceMedia source, IStreamDestination destination, MediaOptions options, string workFolder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        var schedule = SegmentSchedule.Of(options);
        var finished = new Dictionary<string, FinishedRendition>(StringComparer.Ordinal);
        var duration = 0.0;
        foreach (var output in LadderPlanner.Outputs(source))
        {
            var playlist = CmafLayout.RenditionFile(output.Name, CmafLayout.MediaPlaylist);
            var growing = await destination.ReadTextAsync(playlist, ct).ConfigureAwait(false);
            var stored = growing is null ? MediaPlaylist.Empty : MediaPlaylist.Parse(growing);
            if (growing is not null && OpenSegment.Of(growing) is { } open && stored.Segments.All(s => s.Uri != open.SegmentUri))
            {
                stored = stored with { Segments = [.. stored.Segments, await StoreOpenSegmentAsync(destination, output, open, workFolder, ct).ConfigureAwait(false)] };
            }

            if (stored.Segments.Count == 0)
            {
                throw new TranscodeFailedException($"The broadcast ended before its {output.Name} rendition published anything.");
            }

            var sizes = new List<(double Seconds, long Bytes)>(stored.Segments.Count);
            foreach (var segment in stored.Segments)
            {
                sizes.Add((segment.DurationSeconds, await destination.SizeOfAsync(CmafLayout.RenditionFile(output.Name, segment.Uri), ct).ConfigureAwait(false)));
            }

            await destination.StoreTextAsync(playlist, (stored with { Ended = true }).Write(schedule.SteadySeconds), CmafLayout.PlaylistContentType, ct)
                .ConfigureAwait(false);
            // The parts were for players at the live edge; the finished playlist names whole segments only.
            await destination.DeleteFolderAsync(CmafLayout.RenditionFile(output.Name, CmafLayout.PartsFolder), ct).ConfigureAwait(false);
            var header = await HeaderAsync(destination, output, workFolder, ct).ConfigureAwait(false);
            var bitrates = Bitrates.Measure(sizes, schedule.SteadySeconds);
            finished[output.Name] = new FinishedRendition(
                output.Name, playlist, header.Width, header.Height, sizes.Sum(s => s.Bytes), bitrates.PeakBitsPerSecond, bitrates.AverageBitsPerSecond, header.Codecs);
            duration = Math.Max(duration, stored.DurationSeconds);
        }

        await FinalManifests.PublishAsync(source, finished, destination, ct).ConfigureAwait(false);
        return new FinishedRecording(finished, duration);
    }

    /// <summary>The parts of the segment the broadcast was producing, joined and stored as that segment.</summary>
    private static async Task<PlaylistSegment> StoreOpenSegmentAsync(
        IStreamDestination destination, StreamOutput output, OpenSegment open, string workFolder, CancellationToken ct)
    {
        var folder = Path.Combine(workFolder, "open-" + output.Name);
        Directory.CreateDirectory(folder);
        try
        {
            var parts = new List<string>(open.PartUris.Count);
            foreach (var part in open.PartUris)
            {
                var local = Path.Combine(folder, Path.GetFileName(part));
                await destination.DownloadAsync(CmafLayout.RenditionFile(output.Name, part), local, ct).ConfigureAwait(false);
                parts.Add(local);
            }

            var joined = Path.Combine(folder, open.SegmentUri);
            await CmafFiles.JoinAsync(parts, joined, ct).ConfigureAwait(false);
            await destination.StoreFileAsync(CmafLayout.RenditionFile(output.Name, open.SegmentUri), joined, output.ContentType, ct)
                .ConfigureAwait(false);
            return new PlaylistSegment(open.SegmentUri, open.DurationSeconds, open.Discontinuity);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<CmafHeader> HeaderAsync(IStreamDestination destination, StreamOutput output, string workFolder, CancellationToken ct)
    {
        var local = Path.Combine(workFolder, $"init-{output.Name}.mp4");
        try
        {
            await destination.DownloadAsync(CmafLayout.RenditionFile(output.Name, CmafLayout.InitSegment), local, ct).ConfigureAwait(false);
            return CmafFiles.ReadHeader(local);
        }
        finally
        {
            File.Delete(local);
        }
    }
}
