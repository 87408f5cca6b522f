namespace VideoPipeline.Modules.Analytics.RecordingBeacons;

/// <summary>
/// The coarse class of a viewer's client, <c>browser/os/device</c> (<c>chrome/android/mobile</c>), read from its user agent;
/// the user agent itself is never stored.
/// </summary>
internal static class ClientClass
{
    public static string Of(string? userAgent)
    {
        var ua = userAgent ?? "";
        return $"{Browser(ua)}/{System(ua)}/{Device(ua)}";
    }

    private static string Browser(string ua) =>
        Has(ua, "Edg/") ? "edge"
        : Has(ua, "OPR/") ? "opera"
        : Has(ua, "Firefox/") ? "firefox"
        : Has(ua, "Chrome/") || Has(ua, "Chromium/") || Has(ua, "CriOS/") ? "chrome"
        : Has(ua, "Safari/") ? "safari"
        : "other";

    private static string System(string ua) =>
        Has(ua, "Android") ? "android"
        : Has(ua, "iPhone") || Has(ua, "iPad") || Has(ua, "iPod") ? "ios"
        : Has(ua, "Windows") ? "windows"
        : Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macos"
        : Has(ua, "CrOS") ? "chromeos"
        : Has(ua, "Linux") ? "linux"
        : "other";

    private static string Device(string ua) =>
        Has(ua, "SmartTV") || Has(ua, "SMART-TV") || Has(ua, "AppleTV") || Has(ua, "CrKey") ? "tv"
        : Has(ua, "iPad") || Has(ua, "Tablet") || (Has(ua, "Android") && !Has(ua, "Mobile")) ? "tablet"
        : Has(ua, "Mobi") || Has(ua, "iPhone") ? "mobile"
        : "desktop";

    private static bool Has(string ua, string part) => ua.Contains(part, StringComparison.OrdinalIgnoreCase);
}
