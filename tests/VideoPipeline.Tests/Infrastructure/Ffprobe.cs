using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VideoPipeline.Tests.Infrastructure;

public sealed record ProbedStream(string CodecType, string CodecName, int? Width, int? Height, string? PixFmt);

/// <summary>Reads what a real file or URL actually contains.</summary>
public static class Ffprobe
{
    /// <summary>The one number ffprobe prints for <paramref name="entries"/> (e.g. <c>-show_entries format=duration</c>) of a file or URL.</summary>
    public static async Task<double> ValueAsync(Uri pathOrUrl, string entries) =>
        double.Parse((await ChildProcess.RunAsync("ffprobe", $"-v error {entries} -of csv=p=0 \"{pathOrUrl}\"")).Trim(), CultureInfo.InvariantCulture);

    public static async Task<IReadOnlyList<ProbedStream>> StreamsAsync(string pathOrUrl)
    {
        using var probe = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", "-show_streams", "-of", "json", pathOrUrl])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var json = await probe.StandardOutput.ReadToEndAsync();
        var errors = await probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync();
        probe.ExitCode.ShouldBe(0, $"ffprobe {pathOrUrl}: {errors}");
        return Streams(json);
    }

    /// <summary>
    /// Plain ffprobe, as a careless service would run it over an upload it reads from storage URLs (so it allows http):
    /// the outcome does not matter, what it touched does.
    /// </summary>
    public static async Task<IReadOnlyList<ProbedStream>> CarelesslyAsync(string path)
    {
        using var probe = Process.Start(new ProcessStartInfo(
            "ffprobe", ["-v", "quiet", "-rw_timeout", "2000000", "-protocol_whitelist", "file,http,https,tcp,tls", "-show_streams", "-of", "json", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = probe.StandardOutput.ReadToEndAsync();
        await Task.WhenAll(output, probe.StandardError.ReadToEndAsync());
        await probe.WaitForExitAsync();
        return probe.ExitCode == 0 ? Streams(await output) : [];
    }

    private static List<ProbedStream> Streams(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_type").GetString()!,
            s.TryGetProperty("codec_name", out var codec) ? codec.GetString()! : "none",
            s.TryGetProperty("width", out var w) ? w.GetInt32() : null,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : null,
            s.TryGetProperty("pix_fmt", out var p) ? p.GetString() : null)).ToList();
    }

    /// <summary>
    /// Plays an HLS master playlist the way a player started on it does (from where its <c>EXT-X-START</c> says, following a
    /// growing playlist until it ends), recording the lightest variant and its audio by stream copy into <paramref name="output"/>.
    /// </summary>
    public static async Task RecordAsync(string masterUrl, string output)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo(
            "ffmpeg", ["-nostdin", "-v", "error", "-protocol_whitelist", "file,http,https,tcp,tls", "-prefer_x_start", "1", "-i", masterUrl,
                "-map", "0:p:0", "-c", "copy", "-y", output])
        {
            RedirectStandardError = true,
        })!;
        var log = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        ffmpeg.ExitCode.ShouldBe(0, $"ffmpeg -i {masterUrl}: {log}");
    }

    /// <summary>Decodes every frame ffmpeg selects from a file, URL or playlist (segments fetched over HTTP); returns its log.</summary>
    public static async Task<string> DecodeAsync(string pathOrUrl)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo(
            "ffmpeg", ["-nostdin", "-v", "info", "-protocol_whitelist", "file,http,https,tcp,tls", "-i", pathOrUrl, "-f", "null", "-"])
        {
            RedirectStandardError = true,
        })!;
        var log = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        ffmpeg.ExitCode.ShouldBe(0, $"ffmpeg -i {pathOrUrl}: {log}");
        return log;
    }
}
