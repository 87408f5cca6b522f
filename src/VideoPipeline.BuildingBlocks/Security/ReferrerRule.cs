using System.Text.RegularExpressions;
using VideoPipeline.BuildingBlocks.Tenants;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// Whether a request's referrer satisfies a playback restriction, as Mux has it: a domain matches that host exactly,
/// <c>*.example.com</c> matches every subdomain of example.com (not example.com itself); ports and schemes do not count.
/// </summary>
public static partial class ReferrerRule
{
    public const int MaxDomains = 100;

    /// <summary>A domain (lowercase letters, digits, '-', dot-separated labels; an IP address is a domain here), optionally after <c>*.</c>.</summary>
    public static bool IsDomain(string? domain) => domain is not null && domain.Length <= 253 && Domain().IsMatch(domain);

    public static bool Allows(PlaybackRestriction restriction, PlaybackCredential credential)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        ArgumentNullException.ThrowIfNull(credential);
        if (credential.FromPlayerPage)
        {
            return true;
        }

        return credential.Referrer is { } referrer
            ? restriction.ReferrerDomains.Any(domain => Matches(domain, referrer.IdnHost))
            : restriction.AllowNoReferrer;
    }

    public static bool Matches(string domain, string host)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(host);
        return domain.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > domain.Length - 1 && host.EndsWith(domain[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(domain, host, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Domain();
}
