namespace Datawiz.Domain.Accounts;

/// <summary>Which time zone ids a person may choose: IANA ids (<c>Europe/Berlin</c>) that this machine knows.</summary>
public static class TimeZoneRules
{
    /// <summary>The longest IANA id is about 30 characters; this leaves room without storing prose.</summary>
    public const int MaxLength = 64;

    /// <summary>The zone of an IANA id, or null for an empty, unknown or non-IANA id.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxLength)
        {
            return null;
        }
        // Only IANA ids: they are what browsers report and what people recognise. Windows ids would be a
        // second spelling of the same zones, and the machine resolves them only with ICU.
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId ? zone : null;
    }

    /// <returns>Null when <paramref name="id"/> is empty (no choice: the browser's zone applies) or a known zone.</returns>
    public static string? Error(string? id) =>
        string.IsNullOrWhiteSpace(id) || Find(id) is not null
            ? null
            : $"\"{Shorten(id)}\" is not a time zone this portal knows. Choose one from the list, such as Europe/Berlin, or leave it empty to follow your browser.";

    /// <summary>Every zone a person can choose, by id.</summary>
    public static IReadOnlyList<string> Known() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.HasIanaId && z.Id.Length <= MaxLength)
            .Select(z => z.Id)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Shorten(string id) => id.Length <= MaxLength ? id : id[..MaxLength] + "…";
}
