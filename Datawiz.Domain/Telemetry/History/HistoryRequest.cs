using System.Globalization;
using Datawiz.Domain.Accounts;

namespace Datawiz.Domain.Telemetry.History;

/// <summary>One line of a chart or column of an export: a field of a sensor.</summary>
public readonly record struct SeriesKey(Guid SensorId, string Field)
{
    /// <summary>How addresses name a line: <c>sensorId:field</c>.</summary>
    public string Code => $"{SensorId}:{Field}";

    /// <summary>The line a <see cref="Code"/> names, or null when it names none.</summary>
    public static SeriesKey? Parse(string? code)
    {
        var colon = code?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && colon < code!.Length - 1 && Guid.TryParse(code.AsSpan(0, colon), out var id) ? new SeriesKey(id, code[(colon + 1)..]) : null;
    }
}

/// <summary>What a viewer asks to see: some fields of some sensors over a range, in buckets of the viewer's zone.</summary>
public sealed record HistoryRequest(IReadOnlyList<SeriesKey> Series, DateTimeOffset From, DateTimeOffset To, HistoryResolution Resolution, string TimeZoneId)
{
    /// <summary>
    /// Why the request cannot be answered, or nothing. A chart (<paramref name="forChart"/>) must also keep each
    /// line within <see cref="HistoryLimits.MaxPoints"/>; an export streams, so it may ask for more.
    /// </summary>
    public IReadOnlyList<string> Errors(bool forChart)
    {
        var errors = new List<string>();
        if (TimeZoneRules.Find(TimeZoneId) is null)
        {
            errors.Add(TimeZoneRules.Error(TimeZoneId) ?? "A time zone is required.");
        }
        if (Series.Count == 0)
        {
            errors.Add("Choose at least one field to show.");
        }
        else if (Series.Count > HistoryLimits.MaxSeries)
        {
            errors.Add($"At most {HistoryLimits.MaxSeries} fields can be shown together; {Series.Count} were chosen.");
        }
        if (To <= From)
        {
            errors.Add("The end of the range must be after its start.");
        }
        else if (To - From > HistoryLimits.MaxRange)
        {
            errors.Add($"A range is at most {Count(HistoryLimits.MaxRange.TotalDays)} days (about five and a half years); this one has {Count(Math.Floor((To - From).TotalDays))}.");
        }
        else if (forChart && Resolution is not (HistoryResolution.Auto or HistoryResolution.Raw)
                 && HistoryBuckets.Estimate(From, To, Resolution) is var points && points > HistoryLimits.MaxPoints)
        {
            errors.Add($"{Capitalised(Resolution.Describe())} over this range would give {Count(points)} points per line; a chart shows at most {Count(HistoryLimits.MaxPoints)}. Choose larger buckets, a shorter range, or Auto.");
        }
        return errors;
    }

    public TimeZoneInfo Zone => TimeZoneRules.Find(TimeZoneId) ?? throw new InvalidOperationException("The request was not validated.");

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text[1..]);
}
