using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using VideoPipeline.Modules.Playback.Captions;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// Rewrites the stored DASH manifest for one viewer: the segment templates (relative to the manifest, so they name the
/// service's own <c>/videos/{id}/dash/{rendition}/{file}</c> routes) get the viewer's grant. Those routes answer with a
/// redirect to each file's signed storage or CDN URL. Caption tracks are added as they are now, each naming its WebVTT (in every Period of a clip's, the stretch that Period plays).
/// </summary>
internal static class ManifestRewriter
{
    /// <param name="captions">Each caption track with its signed WebVTT URL: added as a text adaptation set of its own.</param>
    public static string Dash(string manifest, string grantQuery, IReadOnlyList<(CaptionTrack Track, Uri WebVtt)> captions)
    {
        ArgumentNullException.ThrowIfNull(captions);
        var document = XDocument.Parse(manifest);
        var mpd = document.Root!.Name.Namespace;
        var periods = document.Root.Elements(mpd + "Period").ToList();
        foreach (var period in periods)
        {
            var nextId = period.Elements(mpd + "AdaptationSet").Count();
            foreach (var (track, webVtt) in captions)
            {
                period.Add(new XElement(mpd + "AdaptationSet",
                    new XAttribute("id", nextId++), new XAttribute("contentType", "text"), new XAttribute("mimeType", "text/vtt"), new XAttribute("lang", track.Language),
                    new XElement(mpd + "Role", new XAttribute("schemeIdUri", "urn:mpeg:dash:role:2011"), new XAttribute("value", "subtitle")),
                    new XElement(mpd + "Label", track.Label),
                    new XElement(mpd + "Representation", new XAttribute("id", $"caption-{track.Language}"), new XAttribute("bandwidth", 256),
                        new XElement(mpd + "BaseURL", (periods.Count == 1 ? webVtt : Stretch(webVtt, period)).AbsoluteUri))));
            }
        }

        foreach (var template in document.Descendants().Where(e => e.Name.LocalName == "SegmentTemplate"))
        {
            foreach (var attribute in template.Attributes().Where(a => a.Name.LocalName is "initialization" or "media"))
            {
                attribute.Value += (attribute.Value.Contains('?', StringComparison.Ordinal) ? "&" : "?") + grantQuery;
            }
        }

        return document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting) + "\n";
    }

    /// <summary>The track's stretch a Period plays (a clip's pieces): cues in a Period's text are timed from its start.</summary>
    private static Uri Stretch(Uri webVtt, XElement period)
    {
        var start = XmlConvert.ToTimeSpan(period.Attribute("start")!.Value).TotalSeconds;
        var end = start + XmlConvert.ToTimeSpan(period.Attribute("duration")!.Value).TotalSeconds;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{webVtt.AbsoluteUri}&from={start:0.###}&to={end:0.###}"));
    }
}
