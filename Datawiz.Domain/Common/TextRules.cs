using System.Globalization;
using System.Text;

namespace Datawiz.Domain.Common;

/// <summary>
/// The two rules for free text, applied the same way by every form and service. A single-line text (a name,
/// label, unit, tag or display name) is trimmed and holds visible characters only: no line breaks, tabs or
/// other control characters, and no invisible formatting characters such as direction overrides (U+202E) or
/// zero-width spaces, which make a name read differently from what it is. A multi-line text (a description,
/// comment, code or manifest) may hold line breaks and tabs, but no other control characters (PostgreSQL
/// cannot even store NUL) and no direction controls, which can hide what code really does.
/// </summary>
public static class TextRules
{
    /// <summary>A required single-line text, checked after trimming.</summary>
    public static string? SingleLineError(string? value, string field, int maxLength, int minLength = 1)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return $"{field} is required.";
        }
        if (trimmed.Length < minLength)
        {
            return $"{field} must be at least {minLength} characters.";
        }
        if (trimmed.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters.";
        }
        return SingleLineCharactersError(trimmed, field);
    }

    /// <summary>A single-line text that may be left empty.</summary>
    public static string? OptionalSingleLineError(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? null : SingleLineError(value, field, maxLength);

    /// <summary>A name: present after trimming, not too long, one line of visible characters.</summary>
    public static string? NameError(string? value, string field = "Name", int maxLength = Limits.NameLength) =>
        SingleLineError(value, field, maxLength);

    /// <summary>
    /// Only the characters of a single-line text, for values taken exactly as typed (an SSID keeps its spaces,
    /// a variable value its own length rules). An empty <paramref name="field"/> gives the bare predicate
    /// ("must be on one line."), for callers that put a label in front.
    /// </summary>
    public static string? SingleLineCharactersError(string value, string field)
    {
        foreach (var problem in Problems(value))
        {
            var message = problem switch
            {
                Problem.LineBreak => $"{field} must be on one line.",
                Problem.Control or Problem.Tab => $"{field} must not contain tabs or other control characters.",
                Problem.Format or Problem.Direction => $"{field} must not contain invisible formatting characters (such as direction overrides or zero-width spaces).",
                _ => $"{field} contains a broken character; type it again.",
            };
            return message.TrimStart();
        }
        return null;
    }

    /// <summary>An optional multi-line text (a description, comment, code or manifest): its length and characters.</summary>
    public static string? MultiLineError(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters.";
        }
        foreach (var problem in Problems(value))
        {
            switch (problem)
            {
                case Problem.Control:
                    return $"{field} must not contain control characters other than line breaks and tabs (such as NUL).";
                case Problem.Direction:
                    return $"{field} must not contain characters that change the direction of the text (such as U+202E).";
                case Problem.Broken:
                    return $"{field} contains a broken character; type it again.";
            }
        }
        return null;
    }

    private enum Problem
    {
        LineBreak,
        Tab,
        Control,

        /// <summary>Invisible formatting (Unicode category Cf) that is not a direction control, e.g. a zero-width space.</summary>
        Format,

        /// <summary>A bidirectional embedding, override, isolate or mark: a format character that reorders what is shown.</summary>
        Direction,

        /// <summary>Half of a surrogate pair: not a character at all, and not storable as UTF-8.</summary>
        Broken,
    }

    /// <summary>What is wrong with each character that is not plain visible text, in order.</summary>
    private static IEnumerable<Problem> Problems(string value)
    {
        var rest = value.AsMemory();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest.Span, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                yield return Problem.Broken;
                rest = rest[Math.Max(consumed, 1)..];
                continue;
            }
            rest = rest[consumed..];
            if (rune.Value is '\r' or '\n' or 0x2028 or 0x2029)
            {
                yield return Problem.LineBreak;
            }
            else if (rune.Value == '\t')
            {
                yield return Problem.Tab;
            }
            else if (Rune.IsControl(rune))
            {
                yield return Problem.Control;
            }
            else if (IsDirectionControl(rune.Value))
            {
                yield return Problem.Direction;
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                yield return Problem.Format;
            }
        }
    }

    // LRM, RLM, ALM, the embeddings and overrides LRE..RLO, and the isolates LRI..PDI.
    private static bool IsDirectionControl(int c) => c is 0x200E or 0x200F or 0x061C or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
