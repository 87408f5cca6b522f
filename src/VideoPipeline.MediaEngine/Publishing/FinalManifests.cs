namespace VideoPipeline.MediaEngine;

/// <summary>
/// Once every rendition is finished: the final HLS master playlist (with the measured bit rates) replaces the growing
/// one, and the DASH manifest naming the same segments is written. It works from what is stored, so it needs nothing a
/// run left on its disk.
/// </summary>
public static class FinalManifests
{
    /// <summary>Stores both; <paramref name="finished"/> holds every output of the source's ladder, by name.</summary>
    public static async Task PublishAsync(
        SourceMedia source, IReadOnlyDictionary<string, FinishedRendition> finished, IStreamDestination destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(destination);
        var outputs = LadderPlanner.Outputs(source);
        var renditions = new List<ManifestRendition>(outputs.Count);
        foreach (var output in outputs)
        {
            var playlist = await StoredPlaylist.ReadAsync(destination, output.Name, ct).ConfigureAwait(false);
            renditions.Add(ManifestRendition.Of(finished[output.Name], output, playlist));
        }

        var video = renditions.Where(r => r.Header.IsVideo).ToList();
        var audio = renditions.FirstOrDefault(r => !r.Header.IsVideo);
        await destination.StoreTextAsync(CmafLayout.DashManifest, StreamManifests.Dash(video, audio), CmafLayout.DashContentType, ct).ConfigureAwait(false);
        await destination.StoreTextAsync(CmafLayout.MasterPlaylist, StreamManifests.HlsMaster(video, audio), CmafLayout.PlaylistContentType, ct).ConfigureAwait(false);
    }
}

/// <summary>A rendition's media playlist as the destination holds it.</summary>
internal static class StoredPlaylist
{
    /// <summary>The stored playlist, or an empty one when there is none yet.</summary>
    public static async Task<MediaPlaylist> ReadAsync(IStreamDestination destination, string rendition, CancellationToken ct)
    {
        var text = await destination.ReadTextAsync(CmafLayout.RenditionFile(rendition, CmafLayout.MediaPlaylist), ct).ConfigureAwait(false);
        return text is null ? MediaPlaylist.Empty : MediaPlaylist.Parse(text);
    }
}
