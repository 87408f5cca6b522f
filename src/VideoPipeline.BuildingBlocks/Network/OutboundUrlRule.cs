using FluentValidation;
using VideoPipeline.BuildingBlocks.Http;

namespace VideoPipeline.BuildingBlocks.Network;

public static class OutboundUrlRule
{
    public const int MaxLength = 2048;

    /// <summary>
    /// A URL the service will request on a user's behalf (a webhook endpoint, a video to ingest): absolute http or https,
    /// no credentials, not an IP literal the <paramref name="guard"/> refuses. Its host's addresses are judged when connecting.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> OutboundUrl<T>(this IRuleBuilderInitial<T, string?> rule, NetworkGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return rule.UrlJudgedBy(MaxLength, url => Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? guard.RefusalOf(parsed) : "must be an absolute http or https URL.");
    }

    /// <summary>A URL of at most <paramref name="maxLength"/> characters of plain text that <paramref name="refusalOf"/> (why not, or null) accepts.</summary>
    public static IRuleBuilderOptions<T, string?> UrlJudgedBy<T>(this IRuleBuilderInitial<T, string?> rule, int maxLength, Func<string, string?> refusalOf)
    {
        ArgumentNullException.ThrowIfNull(refusalOf);
        return rule.Cascade(CascadeMode.Stop)
            .NotEmpty()
            .MaximumLength(maxLength)
            .PlainText()
            .Must((_, url, context) =>
            {
                var refusal = refusalOf(url!);
                context.MessageFormatter.AppendArgument("Refusal", refusal);
                return refusal is null;
            })
            .WithMessage("'{PropertyName}' {Refusal}");
    }
}
