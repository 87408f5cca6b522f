using System.Collections.Concurrent;
using System.Globalization;
using FFMpegCore;

namespace VideoPipeline.MediaEngine;

/// <summary>
/// The CMAF headers the ladder's rungs will have, before ffmpeg writes any: what a header tells a player (the picture's
/// size, and H.264's profile and level, <see cref="CmafHeader.Codecs"/>) follows from the encoder's settings, the size
/// and the frame rate, never from the pictures, so one blank frame encoded with a rung's settings has the header the
/// rung will have. ffmpeg writes a rung's header with its first part, and the growing master playlist names every rung's
/// codecs, so without these the master waits for the slowest rung. Made once per node for each setting, size and rate.
/// </summary>
internal static class PlannedHeaders
{
    private static readonly ConcurrentDictionary<string, CmafHeader> Known = new(StringComparer.Ordinal);

    /// <summary>Uploads choose their sizes and rates: what is remembered is bounded, and forgotten at once when full.</summary>
    private const int MostRemembered = 4096;

    /// <summary>Each of <paramref name="rungs"/>' header, by rung name; encodes the blank frames it has not made yet into <paramref name="folder"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, CmafHeader>> OfAsync(
        IReadOnlyList<Rendition> rungs, SourceMedia source, MediaOptions options, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rungs);
        var settings = rungs.ToDictionary(rung => rung.Name, rung => LadderEncoding.EncoderArguments(rung, source, options), StringComparer.Ordinal);
        var frameRate = LadderEncoding.FrameRate(source).ToString("0.######", CultureInfo.InvariantCulture);
        string KeyOf(Rendition rung) => $"{rung.Width}x{rung.Height}@{frameRate} {settings[rung.Name]}";

        var headers = new Dictionary<string, CmafHeader>(StringComparer.Ordinal);
        foreach (var rung in rungs)
        {
            if (Known.TryGetValue(KeyOf(rung), out var known))
            {
                headers[rung.Name] = known;
            }
        }

        var missing = rungs.Where(rung => !headers.ContainsKey(rung.Name)).ToList();
        if (missing.Count > 0)
        {
            Directory.CreateDirectory(folder);
            var files = missing.ToDictionary(rung => rung.Name, rung => Path.Combine(folder, $"planned_{rung.Name}.mp4"), StringComparer.Ordinal);
            var command = missing
                .Select(rung => MediaInput.Generated(string.Create(CultureInfo.InvariantCulture, $"color=c=black:s={rung.Width}x{rung.Height}:r={frameRate}:d=1")))
                .Aggregate((FFMpegArguments?)null, (arguments, blank) => arguments is null ? GuardedFfmpeg.Read(blank) : arguments.AlsoRead(blank))!
                .OutputToMany(outputs =>
                {
                    for (var i = 0; i < missing.Count; i++)
                    {
                        var input = i;
                        outputs.OutputToFile(files[missing[i].Name], overwrite: true, file => file.WithCustomArgument(
                            string.Create(CultureInfo.InvariantCulture, $"-map {input}:v -frames:v 1 {settings[missing[input].Name]} -f mp4 -movflags +frag_keyframe+empty_moov")));
                    }
                });
            await GuardedFfmpeg.RunAsync(command, options.ProbeBounds, onOutputTime: null, onStandardOutput: null, ct).ConfigureAwait(false);
            if (Known.Count + missing.Count > MostRemembered)
            {
                Known.Clear();
            }

            foreach (var rung in missing)
            {
                headers[rung.Name] = Known[KeyOf(rung)] = CmafFiles.ReadHeader(files[rung.Name]);
            }
        }

        return headers;
    }
}
