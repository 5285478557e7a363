namespace Datawiz.Domain.Accounts;

/// <summary>
/// What NIST SP 800-63B asks of a new password beyond its length: that it is not one attackers try first. A
/// password is refused when it is a commonly used one (whatever its case, or with a few digits or symbols
/// added at the end), contains the site's name or the person's email address, or is a run of one repeated
/// or sequential character. Composition rules (a digit, a lowercase letter) stay Identity's.
/// </summary>
public static class PasswordRules
{
    public const string CommonMessage =
        "This password is one of the most commonly used passwords, which attackers try first. Choose another, such as a few unrelated words.";

    public const string CommonWithSuffixMessage =
        "This password is a commonly used password with a few characters added at the end, which attackers try first. Choose another, such as a few unrelated words.";

    public const string SiteNameMessage = "A password must not contain the name of this site (Datawiz).";

    public const string EmailMessage = "A password must not contain your email address or the part of it before the @.";

    public const string PatternMessage =
        "This password is one character repeated or a run such as 12345678 or abcdefgh, which attackers try first. Choose another.";

    /// <summary>How many digits or symbols added to a common password still leave it common.</summary>
    public const int MaxSuffix = 4;

    private const string SiteName = "datawiz";

    /// <returns>Why <paramref name="password"/> is easy to guess, or null.</returns>
    /// <param name="common">Common passwords in lower case.</param>
    public static string? Error(string password, string? email, IReadOnlySet<string> common)
    {
        var lower = password.ToLowerInvariant();
        if (common.Contains(lower))
        {
            return CommonMessage;
        }
        var stem = lower.TrimEnd(SuffixCharacters);
        if (stem.Length >= 4 && lower.Length - stem.Length <= MaxSuffix && common.Contains(stem))
        {
            return CommonWithSuffixMessage;
        }
        if (lower.Contains(SiteName, StringComparison.Ordinal))
        {
            return SiteNameMessage;
        }
        var localPart = email?.Split('@')[0].ToLowerInvariant();
        if (localPart is { Length: >= 3 } && lower.Contains(localPart, StringComparison.Ordinal))
        {
            return EmailMessage;
        }
        return IsRun(lower) ? PatternMessage : null;
    }

    private static readonly char[] SuffixCharacters = "0123456789!@#$%^&*()-_=+.,?;:~".ToCharArray();

    /// <summary>Every character the same as the one before, or one more, or one less, all the way.</summary>
    private static bool IsRun(string text)
    {
        if (text.Length < 2)
        {
            return true;
        }
        var step = text[1] - text[0];
        if (step is < -1 or > 1)
        {
            return false;
        }
        for (var i = 2; i < text.Length; i++)
        {
            if (text[i] - text[i - 1] != step)
            {
                return false;
            }
        }
        return true;
    }
}
