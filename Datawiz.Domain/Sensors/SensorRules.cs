using System.Text.RegularExpressions;
using Datawiz.Domain.Common;

namespace Datawiz.Domain.Sensors;

/// <summary>Checks on what a person types for a sensor, shared by the form, the service and the CSV import.</summary>
public static partial class SensorRules
{
    /// <summary>
    /// Reads tags typed as one text, separated by commas (as the form's hint says), and returns them lower-case
    /// and without duplicates, in the order given. A space inside a tag is refused rather than splitting it, so
    /// that "ground floor" never silently becomes two tags.
    /// </summary>
    public static Outcome<IReadOnlyList<string>> ParseTags(string? text) =>
        NormaliseTags((text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static Outcome<IReadOnlyList<string>> NormaliseTags(IEnumerable<string> tags)
    {
        var errors = new List<string>();
        var accepted = new List<string>();
        foreach (var raw in tags)
        {
            var tag = raw.Trim().ToLowerInvariant();
            if (tag.Length == 0 || accepted.Contains(tag, StringComparer.Ordinal))
            {
                continue;
            }
            if (tag.Length > Limits.TagLength)
            {
                errors.Add($"The tag '{Shorten(tag)}' is longer than {Limits.TagLength} characters.");
            }
            else if (tag.Any(char.IsWhiteSpace) && TagPattern().IsMatch(string.Join('-', tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            {
                var joined = string.Join('-', tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                errors.Add($"The tag '{Shorten(tag)}' has a space: separate tags with commas, and write one tag of several words as '{Shorten(joined)}'.");
            }
            else if (!TagPattern().IsMatch(tag))
            {
                errors.Add($"The tag '{Shorten(tag)}' may contain only letters, digits, '-' and '_'.");
            }
            else
            {
                accepted.Add(tag);
            }
        }
        if (accepted.Count > Limits.MaxTags)
        {
            errors.Add($"A sensor may have at most {Limits.MaxTags} tags; you gave {accepted.Count}.");
        }
        return errors.Count == 0 ? Outcome<IReadOnlyList<string>>.Success(accepted) : Outcome<IReadOnlyList<string>>.Invalid(errors);
    }

    /// <summary>The tag form of a search or filter term, so that "Garden" finds the tag "garden".</summary>
    public static string NormaliseTag(string tag) => tag.Trim().ToLowerInvariant();

    private static string Shorten(string tag) => tag.Length > 40 ? tag[..40] + "…" : tag;

    // Letters in any script count, as names of places often need them.
    [GeneratedRegex(@"^[\p{L}\p{Nd}_-]+$")]
    private static partial Regex TagPattern();
}
