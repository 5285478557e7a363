using System.Globalization;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Infrastructure.Telemetry.History;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry.History;

/// <summary>The quarter-hour arithmetic and which part of a range the rollups may answer.</summary>
public sealed class ReadingRollupSlotTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-06-01T10:14:59.999+00:00", "2026-06-01T10:00:00+00:00", "2026-06-01T10:15:00+00:00")]
    [InlineData("2026-06-01T10:15:00+00:00", "2026-06-01T10:15:00+00:00", "2026-06-01T10:15:00+00:00")]
    [InlineData("2026-06-01T16:07:00+05:45", "2026-06-01T10:15:00+00:00", "2026-06-01T10:30:00+00:00")]
    [InlineData("1969-12-31T23:50:00+00:00", "1969-12-31T23:45:00+00:00", "1970-01-01T00:00:00+00:00")]
    public void A_time_falls_in_the_quarter_hour_of_UTC_that_holds_it(string time, string slot, string atOrAfter)
    {
        Assert.Equal(At(slot), ReadingRollup.SlotOf(At(time)));
        Assert.Equal(At(atOrAfter), ReadingRollup.SlotAtOrAfter(At(time)));
        Assert.Equal(TimeSpan.Zero, ReadingRollup.SlotOf(At(time)).Offset);
    }

    [Fact]
    public void A_batch_is_summarised_per_sensor_field_and_quarter_hour_in_key_order()
    {
        var a = Guid.Parse("00000000-0000-0000-0000-00000000000a");
        var b = Guid.Parse("00000000-0000-0000-0000-00000000000b");
        Reading R(Guid sensor, string field, string at, double value) => new() { SensorId = sensor, Field = field, Timestamp = At(at), Value = value };

        var rollups = ReadingRollup.Of(
        [
            R(b, "t", "2026-06-01T10:20:00Z", 1), R(a, "t", "2026-06-01T10:29:00Z", 4), R(a, "t", "2026-06-01T10:16:00Z", -2),
            R(a, "h", "2026-06-01T10:16:00Z", 50), R(a, "t", "2026-06-01T10:30:00Z", 9),
        ]);

        Assert.Equal(
            [
                (a, "h", At("2026-06-01T10:15:00Z"), 1L, 50.0, 50.0, 50.0),
                (a, "t", At("2026-06-01T10:15:00Z"), 2L, 2.0, -2.0, 4.0),
                (a, "t", At("2026-06-01T10:30:00Z"), 1L, 9.0, 9.0, 9.0),
                (b, "t", At("2026-06-01T10:15:00Z"), 1L, 1.0, 1.0, 1.0),
            ],
            rollups.Select(r => (r.SensorId, r.Field, r.Start, r.Count, r.Sum, r.Minimum, r.Maximum)));
    }

    [Theory]
    // Hours of India (+5:30) are whole quarter hours: the inside of the range comes from the rollups.
    [InlineData("2026-06-01T10:07:00+05:30", "2026-06-03T13:52:00+05:30", HistoryResolution.Hour, "Asia/Kolkata", "2026-06-01T04:45:00Z", "2026-06-03T08:15:00Z")]
    [InlineData("2026-06-01T00:00:00+05:45", "2026-06-08T00:00:00+05:45", HistoryResolution.Day, "Asia/Kathmandu", "2026-05-31T18:15:00Z", "2026-06-07T18:15:00Z")]
    // Five-minute buckets end inside quarter hours, and a range shorter than a quarter hour holds none: all raw.
    [InlineData("2026-06-01T10:00:00Z", "2026-06-01T12:00:00Z", HistoryResolution.FiveMinutes, "UTC", "2026-06-01T12:00:00Z", "2026-06-01T12:00:00Z")]
    [InlineData("2026-06-01T10:01:00Z", "2026-06-01T10:14:00Z", HistoryResolution.FifteenMinutes, "UTC", "2026-06-01T10:14:00Z", "2026-06-01T10:14:00Z")]
    public void Only_whole_quarter_hours_inside_buckets_made_of_them_are_read_from_the_rollups(
        string from, string to, HistoryResolution resolution, string zone, string innerFrom, string innerTo)
    {
        var buckets = HistoryBuckets.Cover(At(from), At(to), resolution, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToList();

        Assert.Equal((At(innerFrom), At(innerTo)), RelationalReadingAggregates.RolledUp(buckets));
    }
}

public sealed class ReadingRollupTestsOnSqlite(SqliteApp app) : ReadingRollupTests(app), IClassFixture<SqliteApp>;

public sealed class ReadingRollupTestsOnPostgres(PostgresApp app) : ReadingRollupTests(app), IClassFixture<PostgresApp>;

/// <summary>The rollups that ingestion keeps beside the readings, and the history read from them, on each database.</summary>
public abstract class ReadingRollupTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private ITelemetryStore Store => app.Services.GetRequiredService<ITelemetryStore>();

    private static List<Reading> Readings(SeriesKey key, DateTimeOffset start, int count, TimeSpan step, Func<int, double> value) =>
        Enumerable.Range(0, count).Select(i => new Reading { SensorId = key.SensorId, Field = key.Field, Timestamp = start + (step * i), Value = value(i) }).ToList();

    private async Task<List<(DateTimeOffset, long, double, double, double)>> StoredRollupsAsync(SeriesKey key) =>
        (await app.QueryAsync(db => db.ReadingRollups.AsNoTracking().Where(r => r.SensorId == key.SensorId && r.Field == key.Field).ToListAsync(Token)))
        .OrderBy(r => r.Start).Select(r => (r.Start.ToUniversalTime(), r.Count, r.Sum, r.Minimum, r.Maximum)).ToList();

    private async Task<List<(DateTimeOffset, long, double, double, double)>> RollupsOfStoredReadingsAsync(SeriesKey key) =>
        ReadingRollup.Of(await app.ReadingsAsync(key.SensorId)).Where(r => r.Field == key.Field)
        .Select(r => (r.Start, r.Count, r.Sum, r.Minimum, r.Maximum)).ToList();

    [Fact]
    public async Task Rollups_summarise_exactly_the_stored_readings_across_batches_and_late_arrivals()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        var start = At("2026-06-01T10:00:00Z");
        // Quarter-valued readings add up exactly in binary, so sums in any order compare equal.
        await Store.WriteReadingsAsync(Readings(key, start, 40, TimeSpan.FromMinutes(1), i => (i % 9) - 2.25), Token);
        await Store.WriteReadingsAsync(Readings(key, start.AddSeconds(30), 40, TimeSpan.FromMinutes(1), i => i * 0.5), Token);
        // A device that was offline sends its old readings later: they merge into quarter hours stored before.
        await Store.WriteReadingsAsync(Readings(key, start.AddSeconds(10), 5, TimeSpan.FromMinutes(7), i => -40 - i), Token);

        var stored = await StoredRollupsAsync(key);

        Assert.Equal(await RollupsOfStoredReadingsAsync(key), stored);
        Assert.Equal(85, stored.Sum(r => r.Item2));
        Assert.Equal(-44, stored.Min(r => r.Item4));
    }

    [Fact]
    public async Task Long_ranges_are_read_from_the_rollups_and_their_ragged_ends_from_the_readings()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        var start = At("2026-06-01T00:00:00Z");
        await Store.WriteReadingsAsync(Readings(key, start, 3 * 24 * 60, TimeSpan.FromMinutes(1), i => i % 11), Token);
        var history = app.Services.GetRequiredService<ReadingHistory>();
        // Hours of Kathmandu (+5:45) are quarter hours off UTC's; the range starts and ends inside quarter hours.
        var request = new HistoryRequest([key], At("2026-06-01T06:07:00+05:45"), At("2026-06-03T20:52:00+05:45"), HistoryResolution.Hour, "Asia/Kathmandu");

        var points = (await history.GetAsync(sensor.Owner, request, Token)).Expect().Lines.Single().Points;

        var readings = await app.ReadingsAsync(key.SensorId);
        var expected = HistoryBuckets.Cover(request.From, request.To, request.Resolution, request.Zone)
            .Select(b => (b.Start, In: readings.Where(r => r.Timestamp >= b.From && r.Timestamp < b.To).Select(r => r.Value).ToList()))
            .Where(b => b.In.Count > 0)
            .Select(b => (b.Start.ToUniversalTime(), b.In.Average(), b.In.Min(), b.In.Max(), (long)b.In.Count))
            .ToList();
        Assert.Equal(expected.Count, points.Count);
        Assert.All(expected.Zip(points), pair =>
        {
            Assert.Equal(pair.First.Item1, pair.Second.Time.ToUniversalTime());
            Assert.Equal(pair.First.Item2, pair.Second.Average, 9);
            Assert.Equal((pair.First.Item3, pair.First.Item4, pair.First.Item5), (pair.Second.Minimum, pair.Second.Maximum, pair.Second.Count));
        });

        // Proof that the middle comes from the rollups: change one and only its hour changes.
        var tampered = At("2026-06-02T00:15:00Z");
        await app.QueryAsync(db => db.ReadingRollups.Where(r => r.SensorId == key.SensorId && r.Start == tampered)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Maximum, 1000), Token));
        var after = (await history.GetAsync(sensor.Owner, request, Token)).Expect().Lines.Single().Points;
        var changed = Assert.Single(after.Zip(points), pair => pair.First != pair.Second);
        Assert.Equal((At("2026-06-02T00:15:00Z"), 1000.0), (changed.First.Time.ToUniversalTime(), changed.First.Maximum));
    }
}
