using Datawiz.Domain.Common;

namespace Datawiz.Domain.Accounts;

/// <summary>What a personal access token may be called, how long it may live, and how many one person may hold.</summary>
public static class AccessTokenRules
{
    public const int NameMaxLength = Limits.NameLength;

    /// <summary>Tokens one person may hold that are neither revoked nor expired: enough for every script, few enough to review.</summary>
    public const int MaxActivePerAccount = 20;

    /// <summary>The lifetimes offered, in days: every token expires, at the latest after a year.</summary>
    public static IReadOnlyList<int> LifetimeDays { get; } = [7, 30, 90, 365];

    public static readonly string TooManyTokens =
        $"You have {MaxActivePerAccount} active tokens, the most allowed. Revoke one you no longer use first.";

    public static IReadOnlyList<string> InputErrors(string? name, int lifetimeDays) =>
        new[]
        {
            TextRules.NameError(name, "Name", NameMaxLength),
            LifetimeDays.Contains(lifetimeDays)
                ? null
                : $"Choose how long the token lasts: {string.Join(", ", LifetimeDays.Select(d => $"{d} days"))}.",
        }.OfType<string>().ToArray();
}
