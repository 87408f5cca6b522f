using System.Xml.Linq;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// Rewrites the stored DASH manifest for one viewer: the segment templates (relative to the manifest, so they name the
/// service's own <c>/videos/{id}/dash/{rendition}/{file}</c> routes) get the viewer's grant. Those routes answer with a
/// redirect to each file's signed storage or CDN URL.
/// </summary>
internal static class ManifestRewriter
{
    public static string Dash(string manifest, string grantQuery)
    {
        var document = XDocument.Parse(manifest);
        foreach (var template in document.Descendants().Where(e => e.Name.LocalName == "SegmentTemplate"))
        {
            foreach (var attribute in template.Attributes().Where(a => a.Name.LocalName is "initialization" or "media"))
            {
                attribute.Value += (attribute.Value.Contains('?', StringComparison.Ordinal) ? "&" : "?") + grantQuery;
            }
        }

        return document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting) + "\n";
    }
}
