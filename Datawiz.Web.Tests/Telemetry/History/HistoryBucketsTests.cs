using Datawiz.Domain.Telemetry.History;

namespace Datawiz.Web.Tests.Telemetry.History;

/// <summary>Buckets follow the viewer's clock: minutes, hours and days of the zone, daylight-saving changes included.</summary>
public sealed class HistoryBucketsTests
{
    private static readonly TimeZoneInfo Vienna = TimeZoneInfo.FindSystemTimeZoneById("Europe/Vienna");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Day_buckets_start_at_the_zones_midnight_and_the_spring_day_has_23_hours_the_autumn_day_25()
    {
        var spring = HistoryBuckets.Cover(At("2026-03-28T00:00:00+01:00"), At("2026-03-31T00:00:00+02:00"), HistoryResolution.Day, Vienna).ToList();
        var autumn = HistoryBuckets.Cover(At("2026-10-24T00:00:00+02:00"), At("2026-10-27T00:00:00+01:00"), HistoryResolution.Day, Vienna).ToList();

        Assert.Equal([At("2026-03-28T00:00:00+01:00"), At("2026-03-29T00:00:00+01:00"), At("2026-03-30T00:00:00+02:00")], spring.Select(b => b.Start));
        Assert.Equal([24, 23, 24], spring.Select(b => (b.To - b.From).TotalHours));
        Assert.Equal([24, 25, 24], autumn.Select(b => (b.To - b.From).TotalHours));
    }

    [Fact]
    public void Hour_buckets_keep_60_minutes_through_the_repeated_hour_of_an_autumn_night()
    {
        var night = HistoryBuckets.Cover(At("2026-10-25T00:00:00+02:00"), At("2026-10-25T05:00:00+01:00"), HistoryResolution.Hour, Vienna).ToList();

        // 00, 01, 02 (summer time), 02 (winter time), 03, 04: six hours of real time.
        Assert.Equal(6, night.Count);
        Assert.All(night, b => Assert.Equal(TimeSpan.FromHours(1), b.To - b.From));
        Assert.Equal(["00:00+02:00", "01:00+02:00", "02:00+02:00", "02:00+01:00", "03:00+01:00", "04:00+01:00"],
            night.Select(b => TimeZoneInfo.ConvertTime(b.Start, Vienna).ToString("HH:mmzzz", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Hour_buckets_of_a_half_hour_zone_start_on_its_own_hour()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

        var buckets = HistoryBuckets.Cover(At("2026-06-01T10:10:00Z"), At("2026-06-01T12:00:00Z"), HistoryResolution.Hour, kolkata).ToList();

        Assert.Equal([At("2026-06-01T09:30:00Z"), At("2026-06-01T10:30:00Z"), At("2026-06-01T11:30:00Z")], buckets.Select(b => b.Start));
    }

    [Fact]
    public void The_first_and_last_buckets_are_cut_to_the_range_so_nothing_outside_it_is_counted()
    {
        var buckets = HistoryBuckets.Cover(At("2026-06-01T10:02:30Z"), At("2026-06-01T10:12:00Z"), HistoryResolution.FiveMinutes, TimeZoneInfo.Utc).ToList();

        Assert.Equal(
            [
                (At("2026-06-01T10:00:00Z"), At("2026-06-01T10:02:30Z"), At("2026-06-01T10:05:00Z")),
                (At("2026-06-01T10:05:00Z"), At("2026-06-01T10:05:00Z"), At("2026-06-01T10:10:00Z")),
                (At("2026-06-01T10:10:00Z"), At("2026-06-01T10:10:00Z"), At("2026-06-01T10:12:00Z")),
            ],
            buckets.Select(b => (b.Start, b.From, b.To)));
    }

    [Fact]
    public void A_day_whose_midnight_is_skipped_starts_when_the_clock_jumps()
    {
        // Santiago de Chile moved its clocks from 24:00 to 01:00 on 2025-09-07 (its spring).
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");

        var days = HistoryBuckets.Cover(At("2025-09-06T12:00:00-04:00"), At("2025-09-08T12:00:00-03:00"), HistoryResolution.Day, santiago).ToList();

        Assert.Equal([At("2025-09-06T00:00:00-04:00"), At("2025-09-07T01:00:00-03:00"), At("2025-09-08T00:00:00-03:00")], days.Select(b => b.Start));
        Assert.Equal(23, (days[2].Start - days[1].Start).TotalHours);
    }

    [Fact]
    public void The_estimate_never_undercounts_so_the_chart_bound_holds()
    {
        var from = At("2026-01-01T00:00:30Z");
        foreach (var resolution in HistoryResolutions.Buckets)
        {
            var to = from + (resolution.Length() * 1999);
            var count = HistoryBuckets.Cover(from, to, resolution, Vienna).Count();
            Assert.True(count <= HistoryBuckets.Estimate(from, to, resolution), $"{resolution}: {count} buckets, estimated {HistoryBuckets.Estimate(from, to, resolution)}");
        }
    }

    [Theory]
    [InlineData("2026-06-01T00:00:00Z", "2026-06-01T01:00:00Z", HistoryResolution.Minute)]
    [InlineData("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Minute)]
    [InlineData("2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z", HistoryResolution.FifteenMinutes)]
    [InlineData("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z", HistoryResolution.Hour)]
    [InlineData("2025-06-01T00:00:00Z", "2026-06-01T00:00:00Z", HistoryResolution.Day)]
    public void Auto_picks_the_finest_buckets_that_fit_2000_points(string from, string to, HistoryResolution expected)
    {
        Assert.Equal(expected, Infrastructure.Telemetry.History.ReadingHistory.Finest(At(from), At(to)));
    }
}
