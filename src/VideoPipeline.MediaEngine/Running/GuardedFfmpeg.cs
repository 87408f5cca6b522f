using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>An upload ffprobe accepted: the input to read it through from now on, and what ffprobe found in it.</summary>
internal sealed record IdentifiedMedia(MediaInput Input, IMediaAnalysis Analysis);

/// <summary>
/// The one way the service runs ffmpeg and ffprobe over media. An upload is identified once, by ffprobe restricted to
/// the accepted containers (<see cref="Container.Accepted"/>); from then on every run reads it through a
/// <see cref="MediaInput"/>: the local file protocol only, the identified demuxer forced, nothing that follows a reference
/// to another file or URL. Every run is bounded in wall time, memory and output (<see cref="MediaBounds"/>).
/// Commands are built with FFMpegCore's argument builder, starting from <see cref="Read"/>.
/// </summary>
internal static partial class GuardedFfmpeg
{
    private const string GlobalArguments = "-hide_banner -nostdin -v error -nostats -progress pipe:2 -stats_period 0.5";

    /// <summary>A command reading <paramref name="input"/> (and nothing else) first; <paramref name="options"/> are its input options.</summary>
    public static FFMpegArguments Read(MediaInput input, Action<FFMpegInputOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        // A URL is passed as it was signed: FFMpegCore's URL input would print it through Uri, which may unescape it.
        return FFMpegArguments.FromFileInput(input.Path, verifyExists: input.IsLocalFile, arguments => Guard(arguments, input, options));
    }

    /// <summary>Adds another guarded input to a command.</summary>
    public static FFMpegArguments AlsoRead(this FFMpegArguments arguments, MediaInput input, Action<FFMpegInputOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        return arguments.AddFileInput(input.Path, verifyExists: input.IsLocalFile, a => Guard(a, input, options));
    }

    /// <summary>
    /// Identifies an upload: ffprobe, restricted to the accepted containers, reads its format and streams. Throws
    /// <see cref="MediaRefusedException"/> when it is anything else or unreadable.
    /// </summary>
    public static async Task<IdentifiedMedia> IdentifyAsync(MediaLocation location, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        var outcome = await FfprobeAsync(
            $"-protocol_whitelist {location.Protocols} -format_whitelist {Container.Whitelist} {location.ReadOptions}".TrimEnd(), location.Path, bounds, ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw new MediaRefusedException(RefusalOf(outcome.Diagnostics, location.Path));
        }

        var analysis = Analysis(outcome, location.Path);
        var container = Container.Of(analysis.Format.FormatName)
            ?? throw new MediaRefusedException($"The file is '{analysis.Format.FormatName}', not one of the containers accepted ({Container.AcceptedDescriptions}).");
        return new IdentifiedMedia(MediaInput.At(location, container), analysis);
    }

    /// <summary>ffprobe of an input already identified: its container forced, nothing guessed.</summary>
    public static async Task<IMediaAnalysis> ProbeAsync(MediaInput input, MediaBounds bounds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await FfprobeAsync(input.GuardArguments, input.Path, bounds, ct).ConfigureAwait(false);
        return outcome.ExitCode == 0
            ? Analysis(outcome, input.Path)
            : throw new MediaRefusedException($"ffprobe cannot read the file: {FfmpegDiagnostics.Summarize(outcome.Diagnostics, input.Path)}");
    }

    /// <summary>
    /// Runs an ffmpeg command whose every input is guarded (built from <see cref="Read"/>); returns ffmpeg's last
    /// diagnostic lines. Throws <see cref="OperationCanceledException"/>, <see cref="MediaBoundExceededException"/>,
    /// <see cref="TranscodeStalledException"/> or <see cref="TranscodeFailedException"/>.
    /// </summary>
    /// <param name="onOutputTime">How far the output has got, as ffmpeg reports it (about twice a second).</param>
    /// <param name="onStandardOutput">Lines ffmpeg writes to stdout (an output to <c>pipe:1</c>).</param>
    public static async Task<IReadOnlyList<string>> RunAsync(
        FFMpegArgumentProcessor command,
        MediaBounds bounds,
        Action<TimeSpan>? onOutputTime,
        Action<string>? onStandardOutput,
        CancellationToken ct,
        OutputActivity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = command.Arguments;
        EnsureEveryInputIsGuarded(arguments);
        var outcome = await BoundedProcess.RunAsync("ffmpeg", $"{GlobalArguments} {arguments}", bounds, onOutputTime, onStandardOutput ?? (_ => { }), ct, activity)
            .ConfigureAwait(false);
        return outcome.ExitCode == 0 ? outcome.Diagnostics : throw new TranscodeFailedException(outcome.ExitCode, outcome.Diagnostics);
    }

    /// <summary>Quotes a path for ffmpeg's command line the way FFMpegCore quotes its own.</summary>
    public static string Quote(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return "\"" + path.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Formats seconds for ffmpeg without the current culture's decimal comma.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Guard(FFMpegInputOptions arguments, MediaInput input, Action<FFMpegInputOptions>? options)
    {
        arguments.WithCustomArgument(input.GuardArguments);
        options?.Invoke(arguments);
    }

    // A command built around Read/AlsoRead has the guard in front of each input; anything else is a bug, not a run.
    private static void EnsureEveryInputIsGuarded(string arguments)
    {
        var inputs = InputOption().Count(arguments);
        var guarded = GuardOption().Count(arguments);
        if (inputs == 0 || inputs != guarded)
        {
            throw new InvalidOperationException($"Refusing to run ffmpeg with {inputs} inputs of which {guarded} are guarded: build commands with GuardedFfmpeg.Read.");
        }
    }

    [GeneratedRegex(@"(?:^|\s)-i\s", RegexOptions.CultureInvariant)]
    private static partial Regex InputOption();

    [GeneratedRegex(@"-protocol_whitelist [\w,]+ -format_whitelist \w+ -f \w+", RegexOptions.CultureInvariant)]
    private static partial Regex GuardOption();

    private static Task<ProcessOutcome> FfprobeAsync(string inputArguments, string path, MediaBounds bounds, CancellationToken ct) =>
        BoundedProcess.RunAsync("ffprobe", $"-v error {inputArguments} -of json -sexagesimal -show_format -show_streams {Quote(path)}",
            bounds, onOutputTime: null, onStandardOutput: null, ct);

    private static IMediaAnalysis Analysis(ProcessOutcome outcome, string path)
    {
        try
        {
            return FFProbe.FromJson(outcome.StandardOutput);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new MediaRefusedException($"ffprobe could not describe the file {FfmpegDiagnostics.NameOf(path)}.", e);
        }
    }

    private static string RefusalOf(IReadOnlyList<string> diagnostics, string path)
    {
        var refused = diagnostics.Select(line => NotOnWhitelist().Match(line)).FirstOrDefault(m => m.Success);
        if (refused is null)
        {
            return $"ffprobe cannot read the file: {FfmpegDiagnostics.Summarize(diagnostics, path)}";
        }

        return $"The file is {Described(refused.Groups["demuxer"].Value)}, not a video in one of the containers accepted ({Container.AcceptedDescriptions}).";
    }

    /// <summary>What a refused top-level demuxer is, in words an owner understands.</summary>
    private static string Described(string demuxer) => demuxer switch
    {
        "hls" => "an HLS playlist",
        "dash" => "a DASH manifest",
        "concat" => "a concat list",
        "sdp" => "an SDP session description",
        "rtsp" => "an RTSP session",
        "image2" => "an image",
        "asf" => "ASF/WMV",
        _ when demuxer.EndsWith("_pipe", StringComparison.Ordinal) => "an image",
        _ => $"in the '{demuxer}' format",
    };

    // "[hls @ 0x55aca42bc4c0] Format not on whitelist 'mov,matroska,...'"
    [GeneratedRegex(@"^\[(?<demuxer>[\w,]+) @ 0x[0-9a-f]+\] Format not on whitelist", RegexOptions.CultureInvariant)]
    private static partial Regex NotOnWhitelist();
}
