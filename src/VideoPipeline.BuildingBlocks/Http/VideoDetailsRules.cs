using System.Buffers;
using FluentValidation;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>
/// The integrator's own fields of a video, wherever they are set (the upload request, URL ingest, <c>PATCH /videos/{id}</c>):
/// a title, a <c>passthrough</c> string as Mux has it, and bounded key-value <c>metadata</c>.
/// </summary>
public static class VideoDetailsRules
{
    public const int MaxTitleLength = 200;
    public const int MaxPassthroughLength = 255;
    public const int MaxMetadataKeys = 50;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;

    /// <summary>Keys are identifiers, so that they read the same in JSON, in a query string (<c>metadata[key]=value</c>) and in a log.</summary>
    private static readonly SearchValues<char> KeyCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    public static IRuleBuilderOptions<T, string?> VideoTitle<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(MaxTitleLength).PlainText();

    public static IRuleBuilderOptions<T, string?> Passthrough<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxPassthroughLength).PlainText();

    /// <summary>At most <see cref="MaxMetadataKeys"/> pairs, each value set; with <paramref name="nullRemoves"/> (a PATCH), a null value removes its key.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyDictionary<string, string?>?> Metadata<T>(
        this IRuleBuilder<T, IReadOnlyDictionary<string, string?>?> rule, bool nullRemoves = false) =>
        rule.Must((_, metadata, context) =>
        {
            var problem = metadata is null ? null
                : !nullRemoves && metadata.FirstOrDefault(pair => pair.Value is null) is { Key: { } unset } ? $"value of '{Shorten(unset)}' must be a string."
                : ProblemOf(metadata);
            context.MessageFormatter.AppendArgument("Problem", problem);
            return problem is null;
        }).WithMessage("'{PropertyName}': the {Problem}");

    /// <summary>Validated pairs as a video keeps them: every value set, or null when there are none.</summary>
    public static IReadOnlyDictionary<string, string>? StoredMetadata(IReadOnlyDictionary<string, string?>? metadata) =>
        metadata?.Any(pair => pair.Value is not null) == true
            ? metadata.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value!, StringComparer.Ordinal)
            : null;

    /// <summary>What is wrong with these pairs, or null.</summary>
    public static string? ProblemOf(IEnumerable<KeyValuePair<string, string?>> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var count = 0;
        foreach (var (key, value) in metadata)
        {
            if (++count > MaxMetadataKeys)
            {
                return $"pairs are more than {MaxMetadataKeys}, the most a video holds.";
            }

            if (KeyProblemOf(key) is { } keyProblem)
            {
                return keyProblem;
            }

            if (value is not null && (value.Length > MaxMetadataValueLength || !TextRules.IsPlainText(value)))
            {
                return $"value of '{Shorten(key)}' must be at most {MaxMetadataValueLength} characters of plain text.";
            }
        }

        return null;
    }

    public static string? KeyProblemOf(string key) =>
        string.IsNullOrEmpty(key) || key.Length > MaxMetadataKeyLength || key.AsSpan().ContainsAnyExcept(KeyCharacters)
            ? $"key '{Shorten(key)}' must be 1 to {MaxMetadataKeyLength} characters of letters, digits, '_', '-' and '.'."
            : null;

    private static string Shorten(string? key) => key is null ? "" : key.Length <= MaxMetadataKeyLength ? key : key[..MaxMetadataKeyLength] + "…";
}
