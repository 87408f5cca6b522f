using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.MediaEngine;

/// <summary>
/// Small clips made by ffmpeg's lavfi sources (testsrc2 + sine), one per odd case the media layer must handle.
/// Made once and cached in the temp folder; the folder name carries a version so changed recipes are remade.
/// </summary>
public static class MediaClips
{
    private static readonly GeneratedFiles Files = new("videopipeline-transcoding-clips-v2");

    private const string Tone = "-f lavfi -i sine=frequency=440:sample_rate=48000";
    private const string X264 = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p";

    /// <summary>2 s, 1280x720, H.264 + AAC, index at the end (as most encoders write it).</summary>
    public static Task<string> Landscape() => Make("landscape-1280x720.mp4",
        $"-f lavfi -i testsrc2=size=1280x720:rate=30:duration=2 {Tone}:duration=2 {X264} -c:a aac -shortest");

    /// <summary>The landscape clip with its index moved to the front.</summary>
    public static Task<string> LandscapeFastStart() => Derive("landscape-faststart.mp4", Landscape, "-c copy -movflags +faststart");

    /// <summary>6 s of 1280x720, long enough to still be encoding when a test cancels.</summary>
    public static Task<string> LongLandscape() => Make("long-1280x720.mp4",
        $"-f lavfi -i testsrc2=size=1280x720:rate=30:duration=6 {Tone}:duration=6 {X264} -c:a aac -shortest");

    /// <summary>2 s, 720x1280 portrait pixels.</summary>
    public static Task<string> Portrait() => Make("portrait-720x1280.mp4",
        $"-f lavfi -i testsrc2=size=720x1280:rate=30:duration=2 {Tone}:duration=2 {X264} -c:a aac -shortest");

    /// <summary>The landscape pixels with a 90° display rotation (a phone held upright): shown as 720x1280.</summary>
    public static Task<string> Rotated() => Derive("rotated-90.mp4", Landscape, "-c copy -metadata:s:v:0 rotate=90");

    /// <summary>720x576 PAL pixels at a 64:45 sample aspect (16:9 widescreen): shown as 1024x576.</summary>
    public static Task<string> Anamorphic() => Make("anamorphic-720x576.mp4",
        $"-f lavfi -i testsrc2=size=720x576:rate=25:duration=1,setsar=64/45 {X264}");

    /// <summary>854x481 (4:4:4, the only H.264 sampling that allows an odd height): rungs must still come out even.</summary>
    public static Task<string> OddSize() => Make("odd-854x481.mp4",
        $"-f lavfi -i testsrc2=size=856x482:rate=25:duration=1,format=yuv444p,crop=854:481:0:0 {Tone}:duration=1 " +
        "-c:v libx264 -preset ultrafast -pix_fmt yuv444p -c:a aac -shortest");

    /// <summary>1 s, 640x360, H.264 High 10, yuv420p10le.</summary>
    public static Task<string> TenBit() => Make("ten-bit-640x360.mp4",
        $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {Tone}:duration=1 -c:v libx264 -preset ultrafast -profile:v high10 -pix_fmt yuv420p10le -c:a aac -shortest");

    /// <summary>1 s, 640x360, VP9 + Opus in WebM.</summary>
    public static Task<string> Vp9WebM() => Make("vp9-opus-640x360.webm",
        $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {Tone}:duration=1 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus -shortest");

    /// <summary>1 s, 640x360, HEVC (libx265) + AAC in MP4.</summary>
    public static Task<string> Hevc() => Make("hevc-640x360.mp4",
        $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {Tone}:duration=1 -c:v libx265 -preset ultrafast -x265-params log-level=error -tag:v hvc1 -c:a aac -shortest");

    /// <summary>2 s, 720x576 interlaced (top field first) MPEG-2 + MP2 in an MPEG program stream, like a DVD/broadcast capture.</summary>
    public static Task<string> InterlacedMpeg2() => Make("interlaced-720x576.mpg",
        $"-f lavfi -i testsrc2=size=720x576:rate=25:duration=2 {Tone}:duration=2 -c:v mpeg2video -flags +ilme+ildct -top 1 -b:v 4M -c:a mp2 -shortest");

    /// <summary>3 s, 720x576 interlaced (top field first) H.264 + AAC in MPEG-TS, one keyframe: a broadcast capture with a long GOP.</summary>
    public static Task<string> InterlacedH264Ts() => Make("interlaced-long-gop-720x576.ts",
        $"-f lavfi -i testsrc2=size=720x576:rate=25:duration=3 {Tone}:duration=3 -c:v libx264 -preset ultrafast -pix_fmt yuv420p " +
        "-flags +ildct+ilme -x264-params tff=1:keyint=250 -c:a aac -shortest -f mpegts");

    /// <summary>1 s, 640x360 H.264 without an audio stream.</summary>
    public static Task<string> Silent() => Make("silent-640x360.mp4",
        $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {X264}");

    /// <summary>0.4 s, 320x240: below every standard rung and shorter than a second.</summary>
    public static Task<string> SubSecond() => Make("subsecond-320x240.mp4",
        $"-f lavfi -i testsrc2=size=320x240:rate=25:duration=0.4 {Tone}:duration=0.4 {X264} -c:a aac -shortest");

    /// <summary>1 s, 640x360 H.264 + AAC plus a subtitle track, which the fast-path remux must drop.</summary>
    public static async Task<string> WithSubtitles()
    {
        var srt = await Write("subtitles.srt", () => "1\n00:00:00,000 --> 00:00:00,900\nhello\n"u8.ToArray());
        return await Make("with-subtitles.mp4",
            $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {Tone}:duration=1 -i \"{srt}\" " +
            $"-map 0:v -map 1:a -map 2:s {X264} -c:a aac -c:s mov_text -shortest");
    }

    /// <summary>1 s of 640x360 picture over 5 s of sound: the file's duration is not the video's.</summary>
    public static Task<string> VideoShorterThanAudio() => Make("video-1s-audio-5s.mp4",
        $"-f lavfi -i testsrc2=size=640x360:rate=25:duration=1 {Tone}:duration=5 {X264} -c:a aac");

    /// <summary>AAC only.</summary>
    public static Task<string> AudioOnly() => Make("audio-only.m4a", $"{Tone}:duration=1 -c:a aac");

    /// <summary>Music with cover art: the picture is a "video" stream that is not a video.</summary>
    public static Task<string> AudioWithCoverArt() => Make("audio-with-cover.m4a",
        $"{Tone}:duration=1 -f lavfi -i color=c=red:size=64x64:duration=0.04 -map 0:a -map 1:v -c:a aac -c:v mjpeg -frames:v 1 -disposition:v:0 attached_pic");

    /// <summary>The first half of the fast-start clip: the index promises 2 s, the data stops half way (an interrupted upload).</summary>
    public static Task<string> TruncatedFastStart() => Truncate("truncated-faststart.mp4", LandscapeFastStart);

    /// <summary>The first half of the clip with its index at the end: the index is gone.</summary>
    public static Task<string> TruncatedIndexAtEnd() => Truncate("truncated-index-at-end.mp4", Landscape);

    /// <summary>64 KiB of (seeded) random bytes named like an MP4.</summary>
    public static Task<string> RandomBytes() => Write("random.mp4", () =>
    {
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);
        return bytes;
    });

    public static Task<string> TextFile() => Write("notes.txt", () => "this is a text file, not a video\n"u8.ToArray());

    private static async Task<string> Truncate(string name, Func<Task<string>> original)
    {
        var bytes = await File.ReadAllBytesAsync(await original());
        return await Write(name, () => bytes[..(bytes.Length / 2)]);
    }

    private static async Task<string> Derive(string name, Func<Task<string>> original, string arguments) =>
        await Make(name, $"-i \"{await original()}\" {arguments}");

    private static Task<string> Write(string name, Func<byte[]> content) => Files.WriteAsync(name, content());

    private static Task<string> Make(string name, string arguments) => Files.MakeAsync(name, arguments);
}
