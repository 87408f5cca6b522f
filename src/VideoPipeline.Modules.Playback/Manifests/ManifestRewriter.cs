using System.Xml.Linq;

namespace VideoPipeline.Modules.Playback.Manifests;

/// <summary>
/// Rewrites the stored DASH manifest for one viewer: every file it names (each representation's <c>Initialization</c>
/// and <c>SegmentURL</c>, relative to the manifest's folder) becomes a signed storage or CDN URL. The manifest lists
/// segments one by one precisely so that each can carry its own signature.
/// </summary>
internal static class ManifestRewriter
{
    public static string Dash(string manifest, string folderKey, Func<string, Uri> signKey)
    {
        var document = XDocument.Parse(manifest);
        foreach (var element in document.Descendants())
        {
            foreach (var attribute in element.Attributes().Where(a => a.Name.LocalName is "sourceURL" or "media"))
            {
                attribute.Value = signKey($"{folderKey}/{attribute.Value}").AbsoluteUri;
            }
        }

        return document.Declaration + "\n" + document.Root!.ToString(SaveOptions.DisableFormatting) + "\n";
    }
}
