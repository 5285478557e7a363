using System.Globalization;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry.History;

namespace Datawiz.Web.Components.Shared.History;

public enum RangePreset
{
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,
    LastYear,
    Custom,
}

/// <summary>
/// A range as a person picks it: a preset that ends now, or two times of the viewer's clock. It becomes instants
/// only when asked, so "last hour" moves on with the clock.
/// </summary>
public sealed record HistoryRange(RangePreset Preset, DateTime? CustomFrom = null, DateTime? CustomTo = null)
{
    /// <summary>What a chart or an export opens with.</summary>
    public static HistoryRange Default { get; } = new(RangePreset.Last24Hours);

    /// <summary>The format of a browser's <c>datetime-local</c> input.</summary>
    public const string ClockFormat = "yyyy-MM-dd'T'HH:mm";

    public static IReadOnlyList<RangePreset> Presets { get; } = Enum.GetValues<RangePreset>();

    public static string Label(RangePreset preset) => preset switch
    {
        RangePreset.LastHour => "Last hour",
        RangePreset.Last24Hours => "Last 24 hours",
        RangePreset.Last7Days => "Last 7 days",
        RangePreset.Last30Days => "Last 30 days",
        RangePreset.LastYear => "Last year",
        _ => "Custom",
    };

    public static TimeSpan Length(RangePreset preset) => preset switch
    {
        RangePreset.LastHour => TimeSpan.FromHours(1),
        RangePreset.Last24Hours => TimeSpan.FromDays(1),
        RangePreset.Last7Days => TimeSpan.FromDays(7),
        RangePreset.Last30Days => TimeSpan.FromDays(30),
        RangePreset.LastYear => TimeSpan.FromDays(365),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "A custom range has no fixed length."),
    };

    /// <summary>The range's instants at <paramref name="now"/>, or why it has none yet.</summary>
    public Outcome<(DateTimeOffset From, DateTimeOffset To)> Resolve(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (Preset != RangePreset.Custom)
        {
            return Outcome<(DateTimeOffset, DateTimeOffset)>.Success((now - Length(Preset), now));
        }
        if (CustomFrom is not { } from || CustomTo is not { } to)
        {
            return Outcome<(DateTimeOffset, DateTimeOffset)>.Invalid("Enter both the start and the end of the range.");
        }
        if (to <= from)
        {
            return Outcome<(DateTimeOffset, DateTimeOffset)>.Invalid("The end of the range must be after its start.");
        }
        return Outcome<(DateTimeOffset, DateTimeOffset)>.Success((HistoryBuckets.Instant(from, zone), HistoryBuckets.Instant(to, zone)));
    }

    /// <summary>A custom range of the stretch a viewer zoomed into, to the second, on the viewer's clock.</summary>
    public static HistoryRange Around(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone) =>
        new(RangePreset.Custom, Clock(from, zone), Clock(to, zone));

    private static DateTime Clock(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var clock = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return new DateTime(clock.Ticks - (clock.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
    }

    /// <summary>What a <c>datetime-local</c> input shows: seconds only when there are some (a zoomed range).</summary>
    public static string? FormatClock(DateTime? clock) =>
        clock?.ToString(clock.Value.Second == 0 ? ClockFormat : ClockFormat + ":ss", CultureInfo.InvariantCulture);

    public static DateTime? ParseClock(string? text) =>
        DateTime.TryParseExact(text, [ClockFormat, ClockFormat + ":ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock) ? clock : null;
}
