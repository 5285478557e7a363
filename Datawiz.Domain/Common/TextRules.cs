namespace Datawiz.Domain.Common;

/// <summary>Checks on free text that every form applies the same way.</summary>
public static class TextRules
{
    /// <summary>A name: present after trimming, not too long, no control characters.</summary>
    public static string? NameError(string? value, string field = "Name", int maxLength = Limits.NameLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return $"{field} is required.";
        }
        if (trimmed.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters.";
        }
        return trimmed.Any(char.IsControl) ? $"{field} must not contain control characters." : null;
    }

    public static string? LengthError(string? value, string field, int maxLength) =>
        value is not null && value.Length > maxLength ? $"{field} must be at most {maxLength} characters." : null;
}
