namespace VideoPipeline.Tests.Infrastructure;

/// <summary>Small real videos made by ffmpeg's lavfi sources, generated once per test run.</summary>
public static class TestClips
{
    private static readonly GeneratedFiles Files = new("videopipeline-clips");

    /// <summary>2 s, 854x480, H.264 + AAC in MP4: its ladder is 480p and 360p.</summary>
    public static Task<string> Landscape480p() => Make("landscape-854x480.mp4",
        "-f lavfi -i testsrc2=size=854x480:rate=25:duration=2 -f lavfi -i sine=frequency=440:duration=2 " +
        "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>2 s, 1920x1080, H.264 + AAC in MP4: the whole ladder (1080p, 720p, 480p, 360p) from a camera-like upload.</summary>
    public static Task<string> FullHd() => Make("full-hd-1920x1080.mp4",
        "-f lavfi -i testsrc2=size=1920x1080:rate=30:duration=2 -f lavfi -i sine=frequency=440:duration=2 " +
        "-c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>10 s, 1280x720, H.264 + AAC in MP4: long enough to catch its ladder running, short enough to redo on a busy machine.</summary>
    public static Task<string> Hd720p10s() => Make("hd-1280x720-10s.mp4",
        "-f lavfi -i testsrc2=size=1280x720:rate=30:duration=10 -f lavfi -i sine=frequency=440:duration=10 " +
        "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>
    /// 20 s, 1280x720, H.264 + AAC in MP4: <see cref="Hd720p10s"/> twice over, copied rather than encoded again. With the
    /// test hosts' fastest preset (<see cref="VideoPipelineApp.LadderPreset"/>) its ladder takes about the CPU, and so the
    /// time, that the 10 s clip's takes with the production preset (4.7 s of CPU against 3.8 to 5.1 s, wall about 3 s on two busy cores).
    /// </summary>
    public static async Task<string> Hd720p20s() => await Make("hd-1280x720-20s.mp4", $"-stream_loop 1 -i \"{await Hd720p10s()}\" -c copy");

    /// <summary>10 s, 854x480 at 30 fps, H.264 + AAC in MP4: ten seconds of a two-rung ladder, for specs that need the length and not the size.</summary>
    public static Task<string> Landscape480p10s() => Make("landscape-854x480-10s.mp4",
        "-f lavfi -i testsrc2=size=854x480:rate=30:duration=10 -f lavfi -i sine=frequency=440:duration=10 " +
        "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");

    /// <summary>
    /// 3 min, 1280x720, H.264 + AAC in MP4, about 9 MB: a 5 s clip of low bitrate played 36 times over, copied rather than
    /// encoded again, so it is made in seconds; its ladder takes minutes, so a spec that stops a transcode finds it running.
    /// </summary>
    public static async Task<string> Hd720pLong()
    {
        var loop = await Make("hd-1280x720-5s-low.mp4",
            "-f lavfi -i testsrc2=size=1280x720:rate=30:duration=5 -f lavfi -i sine=frequency=440:duration=5 " +
            "-c:v libx264 -preset veryfast -crf 45 -pix_fmt yuv420p -c:a aac -b:a 32k -shortest");
        return await Make("hd-1280x720-3min.mp4", $"-stream_loop 35 -i \"{loop}\" -c copy");
    }

    /// <summary>2 s, 640x360, VP9 + Opus in WebM: browsers may play it, but not as MP4, so it takes the ladder only.</summary>
    public static Task<string> Vp9Webm() => Make("vp9-640x360.webm",
        "-f lavfi -i testsrc2=size=640x360:rate=25:duration=2 -f lavfi -i sine=frequency=440:duration=2 " +
        "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 500k -c:a libopus -shortest");

    /// <summary>0.5 s, 320x240, H.264 without audio: under every size limit the specs set.</summary>
    public static Task<string> Tiny() => Make("tiny-320x240.mp4",
        "-f lavfi -i testsrc2=size=320x240:rate=25:duration=0.5 -c:v libx264 -preset ultrafast -pix_fmt yuv420p");

    /// <summary>8 s, 1280x720 at 16 Mb/s, about 16 MB: over every host's multipart threshold, in parts of 5 MiB, and its ladder only 8 s long.</summary>
    public static Task<string> Big() => Make("big-1280x720-16mb.mp4",
        "-f lavfi -i testsrc2=size=1280x720:rate=30:duration=8 -f lavfi -i sine=frequency=440:duration=8 " +
        "-c:v libx264 -preset ultrafast -b:v 16M -maxrate 16M -bufsize 16M -pix_fmt yuv420p -c:a aac -shortest");

    public static Task<string> NotAVideo() => Files.WriteAsync("notes.txt", "this is a text file, not a video\n"u8.ToArray());

    private static Task<string> Make(string name, string arguments) => Files.MakeAsync(name, arguments);
}
