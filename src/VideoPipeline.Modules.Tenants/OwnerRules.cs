using System.Text.RegularExpressions;
using FluentValidation;
using VideoPipeline.BuildingBlocks.Quotas;

namespace VideoPipeline.Modules.Tenants;

/// <summary>What an owner id and a set of limits must look like, for every route that takes them.</summary>
internal static partial class OwnerRules
{
    /// <summary>Lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdGrammar();

    public static bool IsOwnerId(string? id) => id is not null && IdGrammar().IsMatch(id);

    public static IRuleBuilderOptions<T, string> OwnerId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(IsOwnerId).WithMessage("'{PropertyName}' must be 1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit.");

    public static IRuleBuilderOptions<T, string?> OwnerName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(200).PlainText();

    /// <summary>
    /// Each limit is a quota (<see cref="QuotaNames.All"/>, at least zero) or one of the <paramref name="perOwner"/> limits
    /// (within its range); a failure names the limit (<c>limits.videos</c>).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, Dictionary<string, long>?> Limits<T>(
        this IRuleBuilder<T, Dictionary<string, long>?> rule, IReadOnlyCollection<OwnerLimitDefinition> perOwner) =>
        rule.Custom((limits, context) =>
        {
            foreach (var (name, value) in limits ?? [])
            {
                if (QuotaNames.All.Contains(name))
                {
                    if (value < 0)
                    {
                        context.AddFailure($"limits.{name}", $"The limit '{name}' must be 0 or more.");
                    }
                }
                else if (perOwner.FirstOrDefault(d => d.Name == name) is { } limit)
                {
                    if (value < limit.Min || value > limit.Max)
                    {
                        context.AddFailure($"limits.{name}", $"The limit '{name}' must be from {limit.Min} to {limit.Max}.");
                    }
                }
                else
                {
                    context.AddFailure($"limits.{name}", $"'{name}' is not a limit; the limits are: {string.Join(", ", QuotaNames.All.Concat(perOwner.Select(d => d.Name)))}.");
                }
            }
        });
}
