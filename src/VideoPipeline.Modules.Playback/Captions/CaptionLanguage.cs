using System.Text.RegularExpressions;

namespace VideoPipeline.Modules.Playback.Captions;

/// <summary>A caption track's language: a BCP 47 tag (<c>en</c>, <c>pt-BR</c>, <c>zh-Hant</c>), one track per tag, case aside.</summary>
internal static class CaptionLanguage
{
    public const string Pattern = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$";

    public const string Rule = "'Language' must be a BCP 47 language tag such as en, pt-BR or zh-Hant.";

    public static bool IsValid(string? language) => language is not null && Regex.IsMatch(language, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static string Normalize(string language) => language.Trim().ToLowerInvariant();
}
