using System.Diagnostics;
using System.Globalization;
using VideoPipeline.Modules.Processing.Transcoding;

// Times one media-layer operation for bench/ladder.sh, which parses the key=value lines this prints.
//   ladder <input> <outputDir>   probe + plan (untimed), then the ladder transcode (timed), then HLS packaging (timed apart)
//   remux <input> <output>       probe (timed apart), then FastStartRemux (timed)
if (args.Length != 3 || args[0] is not ("ladder" or "remux"))
{
    await Console.Error.WriteLineAsync("usage: LadderBench ladder <input> <outputDir> | remux <input> <output>");
    return 2;
}

var (mode, input, output) = (args[0], args[1], args[2]);
var options = new TranscodeOptions();
var clock = Stopwatch.StartNew();
var source = await MediaProbe.ProbeAsync(input, options, CancellationToken.None);
Print("probe_seconds", clock.Elapsed.TotalSeconds);
var bounds = options.BoundsFor(source, new FileInfo(input).Length);

if (mode == "remux")
{
    clock.Restart();
    await FastStartRemux.RemuxAsync(source.At(input), output, bounds, CancellationToken.None);
    Print("seconds", clock.Elapsed.TotalSeconds);
    return 0;
}

var rungs = LadderPlanner.Plan(source);
if (Directory.Exists(output))
{
    Directory.Delete(output, recursive: true);
}

Console.WriteLine($"rungs={string.Join(",", rungs.Select(r => $"{r.Name}:{r.Width}x{r.Height}"))}");
Console.WriteLine($"command=ffmpeg {LadderTranscoder.CommandLine(source.At(input), output, source, rungs, options)}");

clock.Restart();
var files = await LadderTranscoder.TranscodeAsync(source.At(input), output, source, rungs, options, progressPercent: null, CancellationToken.None);
Print("seconds", clock.Elapsed.TotalSeconds);
Console.WriteLine($"bytes={files.Sum(f => f.SizeBytes)}");

clock.Restart();
await HlsPackager.PackageAsync(output, files, options, bounds, CancellationToken.None);
Print("hls_seconds", clock.Elapsed.TotalSeconds);
return 0;

static void Print(string key, double seconds) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}={seconds:0.000}"));
