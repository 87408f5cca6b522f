using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VideoPipeline.Tests.Infrastructure;

namespace VideoPipeline.Tests.Live;

/// <summary>A finished recording is clipped as any video is (run at the end of the spec that finishes one, to reuse its broadcast).</summary>
public sealed partial class BroadcastingLive
{
    /// <summary>
    /// A clip of the recording plays at once from its segments, then frame-accurately over HLS and DASH, and its MP4
    /// download lasts the same, every frame and the sound there.
    /// </summary>
    private async Task ClipsLikeAnyVideoAsync(Guid recording, PlaybackDto vod)
    {
        var recorded = await HlsSecondsAsync(vod.Hls!);
        var (start, end) = (0.3, Math.Min(3.3, recorded - 0.2));
        (end - start).ShouldBeGreaterThanOrEqualTo(1, $"the recording ({recorded} s) is long enough to clip");

        using var response = await Api.PostAsJsonAsync(new Uri($"/videos/{recording}/clips", UriKind.Relative), new { start, end });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var clipId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var instant = (await Api.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        (await HlsSecondsAsync(instant.Hls!)).ShouldBeGreaterThanOrEqualTo(end - start - 0.05, "at once, the recording's segments that cover the stretch");

        await Eventually.WaitForAsync(
            () => Api.GetFromJsonAsync<JsonElement>(new Uri($"/videos/{clipId}", UriKind.Relative)),
            clip => clip.GetProperty("clip").GetProperty("frameAccurate").GetBoolean(), TimeSpan.FromMinutes(1), "the recording's clip made frame-accurate");
        var exact = (await Api.GetFromJsonAsync<PlaybackDto>(new Uri($"/videos/{clipId}/play", UriKind.Relative)))!;
        (await HlsSecondsAsync(exact.Hls!)).ShouldBe(end - start, 1.0 / 30, "over HLS, the stretch asked for, within a frame of the broadcast's 30 fps");
        XNamespace mpd = "urn:mpeg:dash:schema:mpd:2011";
        var periods = XDocument.Parse(await Api.GetStringAsync(exact.Dash!)).Root!.Elements(mpd + "Period").ToList();
        periods.Count.ShouldBeGreaterThan(1, "a Period per piece: the first edge, the recording's segments between, the last edge");
        periods.Sum(p => double.Parse(p.Attribute("duration")!.Value.TrimStart('P', 'T').TrimEnd('S'), CultureInfo.InvariantCulture))
            .ShouldBe(end - start, 1.0 / 30, "over DASH, the same");
        var master = await Api.GetStringAsync(exact.Hls!);
        var sound = await Api.GetStringAsync(new Uri(exact.Hls!, AudioPlaylist().Match(master).Groups[1].Value));
        sound.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)).Sum(l => double.Parse(l[8..].TrimEnd(','), CultureInfo.InvariantCulture))
            .ShouldBe(end - start, 0.1, "its HLS sound plays the same stretch (each of its three pieces within an AAC frame or so), no segment of the recording's sound twice");
        var mp4 = exact.Url.ShouldNotBeNull("made frame-accurate, the recording's clip has its MP4 download");
        // The picture's own length: the file's is the longer of picture and sound, and the sound may end up to an AAC frame past each join (below).
        (await Ffprobe.ValueAsync(mp4, "-select_streams v:0 -show_entries stream=duration")).ShouldBe(end - start, 1.0 / 30, "its MP4, joined by stream copy, lasts the stretch too, within a frame");
        (await Ffprobe.ValueAsync(mp4, "-select_streams v:0 -count_frames -show_entries stream=nb_read_frames")).ShouldBe((end - start) * 30, 1, "every frame of it, decodable across the joins");
        (await Ffprobe.ValueAsync(mp4, "-select_streams a:0 -show_entries stream=duration")).ShouldBe(end - start, 0.05, "with its sound");
    }

    [GeneratedRegex("TYPE=AUDIO,.*URI=\"([^\"]+)\"")]
    private static partial Regex AudioPlaylist();

    private static Task<double> HlsSecondsAsync(Uri hls) => Ffprobe.ValueAsync(hls, "-show_entries format=duration");
}
