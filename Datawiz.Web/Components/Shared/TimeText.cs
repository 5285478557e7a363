using System.Globalization;

namespace Datawiz.Web.Components.Shared;

/// <summary>How an instant reads on a page, in the viewer's zone. Pure, so the wording is tested directly.</summary>
public static class TimeText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Older than this, a relative time says the date instead: "23 days ago" makes people count.</summary>
    public static readonly TimeSpan RelativeLimit = TimeSpan.FromDays(7);

    public static DateTimeOffset InZone(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone);

    /// <summary>"2026-12-02 15:24".</summary>
    public static string DateAndTime(DateTimeOffset at, TimeZoneInfo zone) => InZone(at, zone).ToString("yyyy-MM-dd HH:mm", Invariant);

    /// <summary>"2026-12-02".</summary>
    public static string Date(DateTimeOffset at, TimeZoneInfo zone) => InZone(at, zone).ToString("yyyy-MM-dd", Invariant);

    /// <summary>"2026-12-02 15:24:07 UTC+01:00 (Europe/Berlin)": the full time, for the hover title.</summary>
    public static string Full(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = InZone(at, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(Invariant, $"{local:yyyy-MM-dd HH:mm:ss} UTC{sign}{offset.Duration():hh\\:mm} ({zone.Id})");
    }

    /// <summary>"just now", "5 min ago", "3 h ago", "2 days ago" (or "in 5 min"); past a week, the <see cref="DateAndTime"/> time.</summary>
    public static string Relative(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var elapsed = now - at;
        var span = elapsed.Duration();
        if (span >= RelativeLimit)
        {
            return DateAndTime(at, zone);
        }
        if (span < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }
        var amount = span < TimeSpan.FromHours(1) ? $"{(int)span.TotalMinutes} min"
            : span < TimeSpan.FromDays(1) ? $"{(int)span.TotalHours} h"
            : (int)span.TotalDays == 1 ? "1 day"
            : $"{(int)span.TotalDays} days";
        return elapsed >= TimeSpan.Zero ? $"{amount} ago" : $"in {amount}";
    }

    /// <summary>
    /// <see cref="Relative"/> to the second within the first minute ("12 s ago"), for a value that ticks on an open page
    /// (the dashboard's last seen), where "just now" for a whole minute would hide that a sensor went quiet.
    /// </summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var elapsed = now - at;
        return elapsed >= TimeSpan.Zero && elapsed < TimeSpan.FromMinutes(1)
            ? string.Create(Invariant, $"{(int)elapsed.TotalSeconds} s ago")
            : Relative(at, now, zone);
    }

    /// <summary>"30 s", "5 min", "1 h 30 min", "1 day": an interval a person typed in seconds.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return string.Create(Invariant, $"{(int)span.TotalSeconds} s");
        }
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(span.Days == 1 ? "1 day" : string.Create(Invariant, $"{span.Days} days"));
        }
        if (span.Hours > 0)
        {
            parts.Add(string.Create(Invariant, $"{span.Hours} h"));
        }
        if (span.Minutes > 0)
        {
            parts.Add(string.Create(Invariant, $"{span.Minutes} min"));
        }
        if (span.Seconds > 0)
        {
            parts.Add(string.Create(Invariant, $"{span.Seconds} s"));
        }
        return string.Join(" ", parts);
    }
}
