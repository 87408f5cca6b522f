using System.Diagnostics;
using System.Text.Json;

namespace VideoPipeline.Tests.MediaEngine;

public sealed record ProbedFile(string FormatName, double DurationSeconds, IReadOnlyList<ProbedTrack> Streams)
{
    public ProbedTrack Video => Streams.Single(s => s.CodecType == "video");

    public bool HasAudio => Streams.Any(s => s.CodecType == "audio");
}

public sealed record ProbedTrack(
    string CodecType, string CodecName, int Width, int Height, string? PixFmt, string? Profile, string? FieldOrder, bool HasRotation);

/// <summary>Runs the real ffmpeg/ffprobe binaries to make inputs and to check what outputs really contain.</summary>
public static class Ffmpeg
{
    public static async Task RunAsync(string arguments)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", arguments) { RedirectStandardError = true })!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync();
        await ffmpeg.WaitForExitAsync();
        ffmpeg.ExitCode.ShouldBe(0, $"ffmpeg {arguments}: {errors}");
    }

    public static async Task RunMkfifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        await mkfifo.WaitForExitAsync();
        mkfifo.ExitCode.ShouldBe(0);
    }

    public static async Task<ProbedFile> ProbeAsync(string path)
    {
        var json = await FfprobeAsync(path, "-show_format", "-show_streams", "-of", "json");
        using var document = JsonDocument.Parse(json);
        var format = document.RootElement.GetProperty("format");
        var streams = document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedTrack(
            s.GetProperty("codec_type").GetString()!,
            s.TryGetProperty("codec_name", out var codec) ? codec.GetString()! : "none",
            s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
            s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
            s.TryGetProperty("pix_fmt", out var p) ? p.GetString() : null,
            s.TryGetProperty("profile", out var profile) ? profile.GetString() : null,
            s.TryGetProperty("field_order", out var f) ? f.GetString() : null,
            s.TryGetProperty("side_data_list", out var sideData)
                && sideData.EnumerateArray().Any(d => d.TryGetProperty("rotation", out var r) && r.GetDouble() != 0)))
            .ToList();
        var duration = format.TryGetProperty("duration", out var d) && double.TryParse(
            d.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        return new ProbedFile(format.GetProperty("format_name").GetString()!, duration, streams);
    }

    /// <summary>How many pictures the first video stream decodes to.</summary>
    public static async Task<int> CountFramesAsync(string path) =>
        int.Parse((await FfprobeAsync(path, "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0"))
            .Trim().TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When each keyframe of the first video stream is shown, in seconds.</summary>
    public static async Task<IReadOnlyList<double>> KeyframeTimesAsync(string path) =>
        (await FfprobeAsync(path, "-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.Parse(t.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>What ffprobe prints for <paramref name="path"/> with these options; it must succeed.</summary>
    private static async Task<string> FfprobeAsync(string path, params string[] options)
    {
        using var probe = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", .. options, path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = probe.StandardOutput.ReadToEndAsync();
        var errors = await probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync();
        probe.ExitCode.ShouldBe(0, $"ffprobe {path}: {errors}");
        return await output;
    }

    /// <summary>Whether this ffmpeg build has an encoder (libx265 is optional in distributions).</summary>
    public static bool HasEncoder(string name)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -encoders") { RedirectStandardOutput = true })!;
        var encoders = ffmpeg.StandardOutput.ReadToEnd();
        ffmpeg.WaitForExit();
        return encoders.Contains($" {name} ", StringComparison.Ordinal);
    }
}
