using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>The engine end to end with no host and no database: a file in, a published stream out, through a folder destination.</summary>
[TakesAbout(17)]
public sealed class PublishingAStream
{
    private static async Task<(SourceMedia Source, FolderDestination Destination, StreamEncoding Run)> EncodeAsync(TempWorkspace workspace, Func<Task<string>> clip)
    {
        var options = TestOptions.Default();
        var path = await clip();
        var source = await TestOptions.ProbeAsync(path, options);
        var destination = new FolderDestination(workspace.PathFor("published"));
        var run = new StreamEncoding(
            source.At(path), source, LadderPlanner.Outputs(source), new Dictionary<string, FinishedRendition>(), StreamingStarted: false,
            workspace.PathFor("work"), destination, options, options.BoundsFor(source, new FileInfo(path).Length, TestOptions.RunTime),
            ThumbnailTo: workspace.PathFor("thumb.jpg"), StoryboardTo: workspace.PathFor("storyboard.jpg"));
        await StreamPublisher.EncodeAsync(run, CancellationToken.None);
        return (source, destination, run);
    }

    [Fact]
    public async Task a_source_is_published_as_a_playable_stream_and_each_rendition_is_reported_once()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var (source, destination, _) = await EncodeAsync(workspace, MediaClips.Landscape);

        destination.Told.ShouldBe(["started master.m3u8", "finished 720p", "finished 480p", "finished 360p", "finished audio"]);
        foreach (var rendition in destination.Finished)
        {
            var playlist = MediaPlaylist.Parse(await File.ReadAllTextAsync(destination.PathOf(rendition.Playlist)));
            playlist.Ended.ShouldBeTrue();
            // Cut on time (LL-HLS parts): the last piece may run a frame or two over the source.
            playlist.DurationSeconds.ShouldBe(source.DurationSeconds, tolerance: 0.15);
            foreach (var segment in playlist.Segments)
            {
                File.Exists(destination.PathOf(CmafLayout.RenditionFile(rendition.Name, segment.Uri))).ShouldBeTrue();
            }

            // While it grew: its parts as RFC 8216bis §4.4.4.9 wants them against an exact part target, and the others reported.
            var growing = PlaylistLines.Lines(destination.Growing[rendition.Playlist]);
            var target = PlaylistLines.Number(PlaylistLines.Attribute(growing, "#EXT-X-PART-INF:", "PART-TARGET"));
            PlaylistLines.PartDurations(growing).ShouldAllBe(duration => duration <= target, rendition.Name);
            PlaylistLines.ShortParts(growing, 0.85 * target).ShouldBeEmpty(rendition.Name);
            growing.Count(l => l.StartsWith("#EXT-X-RENDITION-REPORT:", StringComparison.Ordinal)).ShouldBe(3, rendition.Name);
            rendition.AverageBitsPerSecond.ShouldBeGreaterThan(0);
            rendition.PeakBitsPerSecond.ShouldBeGreaterThanOrEqualTo(rendition.AverageBitsPerSecond);
        }

        File.Exists(workspace.PathFor("thumb.jpg")).ShouldBeTrue("the poster frame comes from the same decode");
        File.Exists(workspace.PathFor("storyboard.jpg")).ShouldBeTrue("the storyboard comes from the same decode");
    }

    [Fact]
    public async Task an_upload_plays_once_its_first_rung_and_its_sound_are_out_and_its_master_names_every_rung_as_encoded()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var (source, destination, _) = await EncodeAsync(workspace, MediaClips.Landscape);

        var master = PlaylistLines.Lines(destination.MasterAtStart!);
        var variants = master.Where(l => !l.StartsWith('#')).ToList();
        variants.ShouldBe(["360p/index.m3u8", "480p/index.m3u8", "720p/index.m3u8"], "the master lists the smallest rung first, the one players open first");
        foreach (var opened in (string[])[variants[0], $"{CmafLayout.AudioRendition}/{CmafLayout.MediaPlaylist}"])
        {
            destination.PlaylistsAtStart.ShouldContainKey(opened);
            PlaylistLines.Lines(destination.PlaylistsAtStart[opened]).ShouldContain(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal), opened);
        }

        // Written before some rungs had a header of their own, the master names each rung as its header does.
        var audio = CmafFiles.ReadHeader(destination.PathOf($"{CmafLayout.AudioRendition}/{CmafLayout.InitSegment}"));
        for (var i = 0; i < master.Length; i++)
        {
            if (!master[i].StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal))
            {
                continue;
            }

            var rung = master[i + 1].Split('/')[0];
            var header = CmafFiles.ReadHeader(destination.PathOf($"{rung}/{CmafLayout.InitSegment}"));
            master[i].ShouldContain($"RESOLUTION={header.Width}x{header.Height}", Case.Sensitive, rung);
            master[i].ShouldContain($"CODECS=\"{header.Codecs},{audio.Codecs}\"", Case.Sensitive, rung);
        }

        source.HasAudio.ShouldBeTrue();
    }

    [Fact]
    public async Task the_final_manifests_name_every_published_rendition_from_the_destination_alone()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var (source, destination, _) = await EncodeAsync(workspace, MediaClips.Landscape);

        await FinalManifests.PublishAsync(source, destination.Finished.ToDictionary(r => r.Name), destination, CancellationToken.None);

        var master = await File.ReadAllTextAsync(destination.PathOf(CmafLayout.MasterPlaylist));
        var dash = await File.ReadAllTextAsync(destination.PathOf(CmafLayout.DashManifest));
        foreach (var rendition in destination.Finished)
        {
            master.ShouldContain(rendition.Playlist);
            dash.ShouldContain($"id=\"{rendition.Name}\"");
        }
    }

    [Fact]
    public async Task a_later_run_carries_on_from_what_is_published_and_an_mp4_is_made_from_the_stored_segments()
    {
        await using var workspace = TempWorkspace.Create(TestOptions.Default());
        var (source, destination, run) = await EncodeAsync(workspace, MediaClips.Landscape);
        var rung = LadderPlanner.Plan(source).Single(r => r.Name == "480p");
        Directory.Delete(run.WorkFolder, recursive: true);

        var mp4 = workspace.PathFor("480p.mp4");
        await StaticMp4.MakeAsync(source, rung, run.WorkFolder, destination, mp4, run.Bounds, CancellationToken.None);

        var probed = await Ffmpeg.ProbeAsync(mp4);
        (probed.Video.Width, probed.Video.Height).ShouldBe((854, 480));
    }
}
