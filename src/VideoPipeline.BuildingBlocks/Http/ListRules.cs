using FluentValidation;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>Rules of the query strings that list things a page at a time.</summary>
public static class ListRules
{
    /// <summary>When given, one of <paramref name="values"/> (a status to filter on).</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlySet<string> values) =>
        rule.Must(value => value is null || values.Contains(value))
            .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", values)}.");

    public static IRuleBuilderOptions<T, int?> PageNumber<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 1_000_000);

    public static IRuleBuilderOptions<T, int?> PageSize<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 100);
}
