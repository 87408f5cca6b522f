using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Primitives;

namespace VideoPipeline.Modules.Catalog.ListingVideos;

/// <summary>
/// <c>GET /videos?metadata[key]=value</c>: only videos whose metadata holds each given key with exactly that value
/// (several are combined with AND).
/// </summary>
public sealed partial record MetadataFilter(IReadOnlyList<KeyValuePair<string, StringValues>> Pairs)
{
    public const int MaxPairs = 10;

    public static ValueTask<MetadataFilter?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var pairs = http.Request.Query
            .Select(q => (Match: FilterKey().Match(q.Key), q.Value))
            .Where(q => q.Match.Success)
            .Select(q => new KeyValuePair<string, StringValues>(q.Match.Groups[1].Value, q.Value))
            .ToList();
        return ValueTask.FromResult<MetadataFilter?>(new MetadataFilter(pairs));
    }

    public IReadOnlyDictionary<string, string> ToDictionary() => Pairs.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    [GeneratedRegex(@"^metadata\[(.*)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex FilterKey();

    internal sealed class Validator : AbstractValidator<MetadataFilter>
    {
        public Validator() =>
            RuleFor(x => x).Custom((filter, context) =>
            {
                var problem = filter.Pairs.Count > MaxPairs ? $"Filter on at most {MaxPairs} metadata keys." : filter.Pairs.Select(ProblemOf).FirstOrDefault(p => p is not null);
                if (problem is not null)
                {
                    context.AddFailure("metadata", problem);
                }
            });

        private static string? ProblemOf(KeyValuePair<string, StringValues> pair) =>
            pair.Value.Count != 1 ? $"metadata[{Shorten(pair.Key)}] must be given once."
            : VideoDetailsRules.KeyProblemOf(pair.Key) is { } keyProblem ? $"The {keyProblem}"
            : VideoDetailsRules.ProblemOf([new(pair.Key, pair.Value.ToString())]) is { } valueProblem ? $"The {valueProblem}"
            : null;

        private static string Shorten(string key) => key.Length <= 40 ? key : key[..40] + "…";
    }
}
