using System.Buffers.Binary;
using System.Text;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Security;

/// <summary>
/// Uploads a hostile tenant would try: files that make ffmpeg read something other than themselves, and files small on
/// disk that would cost a machine dearly to decode. Written into a folder of the test run.
/// </summary>
public static class HostileUploads
{
    private static readonly GeneratedFiles Files = new("videopipeline-hostile-uploads");

    /// <summary>An HLS playlist (named like an MP4 by the uploader) whose one segment is <paramref name="target"/>: a path or URL.</summary>
    public static Task<string> PlaylistNaming(string target) => Write(
        $"playlist-{Guid.NewGuid():N}.mp4",
        Encoding.ASCII.GetBytes(Playlist(target)));

    /// <summary>An ffconcat list naming <paramref name="target"/>.</summary>
    public static Task<string> ConcatListNaming(string target) => Write(
        $"concat-{Guid.NewGuid():N}.mp4",
        Encoding.ASCII.GetBytes($"ffconcat version 1.0\nfile '{target}'\n"));

    /// <summary>
    /// An AVI whose subtitle track is a GAB2 chunk carrying an HLS playlist that names <paramref name="target"/>: the
    /// known trick of hiding a playlist inside an ordinary container, where the demuxer probes the embedded bytes.
    /// </summary>
    public static Task<string> AviHidingAPlaylistNaming(string target) => Write(
        $"gab2-{Guid.NewGuid():N}.avi",
        AviWithGab2Subtitles(Encoding.ASCII.GetBytes(Playlist(target))));

    /// <summary>One 9000x9000 picture (81 megapixels, past 8K) in Matroska: under half a megabyte on disk.</summary>
    public static Task<string> PixelBomb() => Make("pixel-bomb-9000x9000.mkv",
        "-f lavfi -i color=c=black:size=9000x9000:rate=1:duration=1 -c:v mjpeg -pix_fmt yuvj420p -q:v 31");

    /// <summary>Four hours and a minute of a 16x16 black picture at one frame a second: 190 kB that claims 14,460 s.</summary>
    public static Task<string> DurationBomb() => Make("duration-bomb-4h01m.mp4",
        "-f lavfi -i color=c=black:size=16x16:rate=1:duration=14460 -c:v libx264 -preset ultrafast -g 3600");

    /// <summary>One second at 1,000 frames a second.</summary>
    public static Task<string> FrameRateBomb() => Make("frame-rate-bomb-1000fps.mp4",
        "-f lavfi -i color=c=black:size=16x16:rate=1000:duration=1 -c:v libx264 -preset ultrafast");

    /// <summary>A short video with 40 audio streams.</summary>
    public static Task<string> StreamBomb()
    {
        var maps = string.Concat(Enumerable.Range(0, 40).Select(_ => " -map 1:a"));
        return Make("stream-bomb-41-streams.mkv",
            $"-f lavfi -i color=c=black:size=16x16:rate=25:duration=1 -f lavfi -i sine=duration=1 -map 0:v{maps} -c:v libx264 -preset ultrafast -c:a aac");
    }

    private static string Playlist(string target) =>
        $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2.0,\n{target}\n#EXT-X-ENDLIST\n";

    /// <summary>RIFF AVI with one 'txts' stream and one GAB2 packet (magic, version 2, UTF-16 name, then the embedded file).</summary>
    private static byte[] AviWithGab2Subtitles(byte[] embedded)
    {
        var mainHeader = Le(40_000, 0, 0, 0x10, 1, 0, 1, 0, 320, 240, 0, 0, 0, 0);
        var streamHeader = Concat(Encoding.ASCII.GetBytes("txts"), new byte[4], Le(0, 0, 0, 1, 25, 0, 1, 0, -1, 0), Le16(0, 0, 320, 240));
        var headers = List("hdrl", Chunk("avih", mainHeader), List("strl", Chunk("strh", streamHeader), Chunk("strf", new byte[40])));

        var name = Encoding.Unicode.GetBytes("x\0");
        var gab2 = Concat(Encoding.ASCII.GetBytes("GAB2\0"), Le16(2), Le(name.Length), name, Le16(4), Le(embedded.Length), embedded);
        var movie = List("movi", Chunk("00tx", gab2));

        var body = Concat(Encoding.ASCII.GetBytes("AVI "), headers, movie);
        return Concat(Encoding.ASCII.GetBytes("RIFF"), Le(body.Length), body);
    }

    private static byte[] Chunk(string tag, byte[] data) =>
        Concat(Encoding.ASCII.GetBytes(tag), Le(data.Length), data, data.Length % 2 == 1 ? [0] : []);

    private static byte[] List(string kind, params byte[][] children)
    {
        var content = Concat(children);
        return Concat(Encoding.ASCII.GetBytes("LIST"), Le(content.Length + 4), Encoding.ASCII.GetBytes(kind), content);
    }

    private static byte[] Le(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    private static byte[] Le16(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static Task<string> Write(string name, byte[] content) => Files.WriteAsync(name, content);

    private static Task<string> Make(string name, string arguments) => Files.MakeAsync(name, arguments);
}
