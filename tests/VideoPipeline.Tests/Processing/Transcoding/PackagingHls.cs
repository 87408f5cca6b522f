using VideoPipeline.Contracts;
using VideoPipeline.Modules.Processing.Transcoding;

namespace VideoPipeline.Tests.Processing.Transcoding;

public sealed class PackagingHls
{
    [Fact]
    public async Task hls_gets_a_playlist_per_rung_and_a_master_that_lists_them()
    {
        var options = TestOptions.Default();
        options.EnableHls = true;
        options.HlsSegmentSeconds = 1;
        await using var workspace = TempWorkspace.Create(options);

        var (source, files) = await TestOptions.TranscodeAsync(await MediaClips.Landscape(), workspace, options);

        await HlsPackager.PackageAsync(workspace.Path, files, options, options.BoundsFor(source, 0), CancellationToken.None);

        var master = await File.ReadAllTextAsync(Path.Combine(workspace.Path, HlsLayout.Folder, HlsLayout.MasterPlaylist));
        master.ShouldStartWith("#EXTM3U");
        foreach (var file in files)
        {
            var name = file.Rendition.Name;
            master.ShouldContain($"RESOLUTION={file.Width}x{file.Height},CODECS=\"avc1.");
            master.ShouldContain($"{name}/index.m3u8");
            var playlist = Path.Combine(workspace.Path, "hls", name, "index.m3u8");
            (await File.ReadAllTextAsync(playlist)).ShouldContain("#EXT-X-ENDLIST");
        }

        master.ShouldContain("mp4a.40.2");
        master.Split('\n').Count(l => l.StartsWith("#EXT-X-STREAM-INF:BANDWIDTH=", StringComparison.Ordinal)).ShouldBe(files.Count);
    }

    [Fact]
    public async Task hls_segments_line_up_across_rungs_so_players_can_switch()
    {
        var options = TestOptions.Default();
        options.EnableHls = true;
        options.HlsSegmentSeconds = 1;
        await using var workspace = TempWorkspace.Create(options);

        var (source, files) = await TestOptions.TranscodeAsync(await MediaClips.Landscape(), workspace, options);
        await HlsPackager.PackageAsync(workspace.Path, files, options, options.BoundsFor(source, 0), CancellationToken.None);

        var segmentDurations = files.Select(f => File.ReadAllLines(Path.Combine(workspace.Path, "hls", f.Rendition.Name, "index.m3u8"))
            .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).ToList()).ToList();
        segmentDurations[0].Count.ShouldBe(2);
        segmentDurations.ShouldAllBe(durations => durations.SequenceEqual(segmentDurations[0]));
        var segment = await Ffmpeg.ProbeAsync(Path.Combine(workspace.Path, "hls", files[^1].Rendition.Name, "seg_00001.ts"));
        segment.Video.CodecName.ShouldBe("h264");
    }
}
