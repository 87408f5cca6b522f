using System.Buffers;
using System.Text;
using FluentValidation;

namespace VideoPipeline.BuildingBlocks.Http;

/// <summary>Rules every free-text field of a request follows.</summary>
public static class TextRules
{
    /// <summary>
    /// No control characters (NUL, line breaks, escape sequences: nothing a title or a name needs, and PostgreSQL cannot
    /// store NUL) and no broken UTF-16 (an unpaired surrogate cannot be written as UTF-8).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsPlainText).WithMessage("'{PropertyName}' must not contain control characters or broken Unicode.");

    public static bool IsPlainText(string? value)
    {
        if (value is null)
        {
            return true;
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || Rune.IsControl(rune))
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }
}
