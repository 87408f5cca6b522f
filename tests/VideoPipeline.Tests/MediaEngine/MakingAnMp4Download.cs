using VideoPipeline.MediaEngine;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>An MP4 download is a stream copy of a rung's CMAF and the audio's: H.264 + AAC, index first, the whole clip.</summary>
[TakesAbout(9)]
public sealed class MakingAnMp4Download
{
    [Fact]
    public async Task a_rung_and_the_audio_become_one_mp4_with_its_index_first()
    {
        var options = TestOptions.Default();
        await using var workspace = TempWorkspace.Create(options);
        var (source, renditions) = await TestOptions.TranscodeAsync(await MediaClips.LongLandscape(), workspace);
        var output = workspace.PathFor("480p.mp4");

        await StaticMp4.WriteAsync(Track(renditions.Single(r => r.Name == "480p")), Track(renditions.Single(r => r.Output.IsAudio)),
            output, Path.Combine(workspace.Path, "static"), options.BoundsFor(source, 0, TestOptions.RunTime), CancellationToken.None);

        var probed = await Ffmpeg.ProbeAsync(output);
        (probed.Video.CodecName, probed.Video.Width, probed.Video.Height).ShouldBe(("h264", 854, 480));
        probed.Streams.Single(s => s.CodecType == "audio").CodecName.ShouldBe("aac");
        probed.DurationSeconds.ShouldBe(6, tolerance: 0.1);
        FileInspection.IndexComesFirst(output).ShouldBeTrue(string.Join(",", FileInspection.TopLevelAtoms(output)));
        (await Ffmpeg.KeyframeTimesAsync(output)).ShouldBe([0, 0.5, 1, 2, 4], tolerance: 0.001);
    }

    private static CmafTrack Track(StreamedRendition rendition) =>
        new(Path.Combine(rendition.Folder, "init.mp4"), rendition.Pieces.Segments.Select(s => Path.Combine(rendition.Folder, s.Uri)).ToList());
}
