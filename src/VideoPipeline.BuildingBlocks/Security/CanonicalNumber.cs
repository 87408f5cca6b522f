using System.Globalization;

namespace VideoPipeline.BuildingBlocks.Security;

/// <summary>
/// A number in a signed URL or header (an expiry, a size limit, a part number, a timestamp) has one spelling: decimal
/// digits, no sign, no leading zero (but "0" itself), no spaces. <c>0042</c>, <c>+42</c> or <c> 42</c> would be the same
/// value written another way, so they are refused rather than read as 42.
/// </summary>
public static class CanonicalNumber
{
    public static bool TryParse(string? text, out long value) => TryParse(text.AsSpan(), out value);

    public static bool TryParse(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        return text.Length > 0
               && (text[0] != '0' || text.Length == 1)
               && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The expiry of a signed URL (<c>?expires=</c>): its value, or 0 (long past, so refused) when absent or not canonical.</summary>
    public static long ExpiryOrPast(string? expires) => TryParse(expires, out var value) ? value : 0;
}
