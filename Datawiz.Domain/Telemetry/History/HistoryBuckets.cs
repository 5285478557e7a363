namespace Datawiz.Domain.Telemetry.History;

/// <summary>
/// One bucket of a range: it is named by <see cref="Start"/>, the moment its clock period begins in the viewer's
/// zone, and holds the readings in [<see cref="From"/>, <see cref="To"/>), the part of the range inside it (the first
/// and the last bucket of a range may be cut short).
/// </summary>
public readonly record struct HistoryBucket(DateTimeOffset Start, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Buckets aligned to the viewer's clock: minutes and hours start on the minute and hour of the zone's time (an
/// hour bucket in India starts at half past the UTC hour), days at the zone's midnight, so a day with a
/// daylight-saving change has 23 or 25 hours and every hour bucket keeps 60 minutes.
/// </summary>
public static class HistoryBuckets
{
    /// <summary>
    /// How many buckets cover the range at most (the range may start inside one): to refuse a huge request before
    /// making it. Only a run of days that gains more short days than long ones could exceed it, by one.
    /// </summary>
    public static double Estimate(DateTimeOffset from, DateTimeOffset to, HistoryResolution resolution) =>
        Math.Ceiling((to - from) / resolution.Length()) + 1;

    /// <summary>The buckets that cover [<paramref name="from"/>, <paramref name="to"/>), in order, made as they are read.</summary>
    public static IEnumerable<HistoryBucket> Cover(DateTimeOffset from, DateTimeOffset to, HistoryResolution resolution, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        _ = resolution.Length();
        var start = Floor(from, resolution, zone);
        while (start < to)
        {
            var next = Next(start, resolution, zone);
            yield return new HistoryBucket(start, Max(start, from), Min(next, to));
            start = next;
        }
    }

    /// <summary>The start of the bucket that holds <paramref name="instant"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, HistoryResolution resolution, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var clock = local.DateTime;
        var floored = resolution == HistoryResolution.Day ? clock.Date : new DateTime(clock.Ticks - (clock.Ticks % resolution.Length().Ticks), DateTimeKind.Unspecified);
        // The floored clock time usually has the same offset; across a daylight-saving change (a day bucket that
        // starts before it) the zone says which offset applied then.
        var sameOffset = new DateTimeOffset(floored, local.Offset);
        return TimeZoneInfo.ConvertTime(sameOffset, zone).Offset == local.Offset ? sameOffset : Instant(floored, zone);
    }

    private static DateTimeOffset Next(DateTimeOffset start, HistoryResolution resolution, TimeZoneInfo zone)
    {
        if (resolution == HistoryResolution.Day)
        {
            return Instant(TimeZoneInfo.ConvertTime(start, zone).DateTime.Date.AddDays(1), zone);
        }
        // Steps in real time, so the repeated hour of an autumn night is a bucket of its own; the floor puts the
        // next start back on the clock where a zone changes by less than the bucket (Lord Howe Island's 30 minutes).
        var next = Floor(start + resolution.Length(), resolution, zone);
        return next > start ? next : start + resolution.Length();
    }

    /// <summary>
    /// The moment a clock in the zone shows <paramref name="clock"/>: the first of two when the clock shows it twice
    /// (autumn), and the moment the clock jumps when it skips it (a spring change at midnight starts that day at 01:00).
    /// </summary>
    public static DateTimeOffset Instant(DateTime clock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var unspecified = DateTime.SpecifyKind(clock, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(unspecified))
        {
            return new DateTimeOffset(unspecified, zone.GetAmbiguousTimeOffsets(unspecified).Max());
        }
        if (zone.IsInvalidTime(unspecified))
        {
            // The offset before the jump: the skipped clock time read with it is the moment of the jump (or after it).
            var before = zone.GetUtcOffset(unspecified.AddDays(-1));
            var after = zone.GetUtcOffset(unspecified.AddDays(1));
            return new DateTimeOffset(unspecified, before < after ? before : after);
        }
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
