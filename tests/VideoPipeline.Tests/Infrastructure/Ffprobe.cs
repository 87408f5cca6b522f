using System.Diagnostics;
using System.Text.Json;

namespace VideoPipeline.Tests.Infrastructure;

public sealed record ProbedStream(string CodecType, string CodecName, int? Width, int? Height, string? PixFmt);

/// <summary>Reads what a real file or URL actually contains.</summary>
public static class Ffprobe
{
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

        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_type").GetString()!,
            s.GetProperty("codec_name").GetString()!,
            s.TryGetProperty("width", out var w) ? w.GetInt32() : null,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : null,
            s.TryGetProperty("pix_fmt", out var p) ? p.GetString() : null)).ToList();
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
