using System.Globalization;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Infrastructure.Telemetry.History;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry.History;

public sealed class ReadingHistoryTestsOnSqlite(SqliteApp app) : ReadingHistoryTests(app), IClassFixture<SqliteApp>;

public sealed class ReadingHistoryTestsOnPostgres(PostgresApp app) : ReadingHistoryTests(app), IClassFixture<PostgresApp>;

/// <summary>History as a chart asks for it, computed by each database and checked against values worked out by hand.</summary>
public abstract class ReadingHistoryTests(DatawizApp app)
{
    private const string Vienna = "Europe/Vienna";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ReadingHistory History => app.Services.GetRequiredService<ReadingHistory>();

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    // Stored as ingestion stores them: in UTC (the parser converts a payload's own time).
    private async Task StoreAsync(Guid sensorId, string field, params (string At, double Value)[] readings) =>
        await app.Services.GetRequiredService<ITelemetryStore>().WriteReadingsAsync(
            readings.Select(r => new Reading { SensorId = sensorId, Field = field, Timestamp = At(r.At).ToUniversalTime(), Value = r.Value }).ToList(), Token);

    private Task<Outcome<HistoryResult>> GetAsync(Actor actor, SeriesKey key, string from, string to, HistoryResolution resolution, string zone = Vienna) =>
        History.GetAsync(actor, new HistoryRequest([key], At(from), At(to), resolution, zone), Token);

    [Fact]
    public async Task Day_buckets_of_a_daylight_saving_week_end_in_Vienna_match_values_worked_out_by_hand()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        await StoreAsync(key.SensorId, key.Field,
            ("2026-03-27T23:59:00+01:00", 100),  // before the range
            ("2026-03-28T00:00:00+01:00", 10),   // Saturday, first moment of the range
            ("2026-03-28T23:30:00+01:00", 12),   // still Saturday in Vienna, Sunday in UTC+2
            ("2026-03-29T00:30:00+01:00", 4),    // Sunday, the 23-hour day
            ("2026-03-29T03:30:00+02:00", 6),
            ("2026-03-29T23:59:00+02:00", 11),
            ("2026-03-30T00:00:00+02:00", -2),   // Monday
            ("2026-03-31T00:00:00+02:00", 100)); // the range's end is not in it

        var result = (await GetAsync(sensor.Owner, key, "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00", HistoryResolution.Day)).Expect();

        Assert.Equal(HistoryResolution.Day, result.Resolution);
        Assert.Equal(
            [
                ("2026-03-28T00:00:00+01:00", 11.0, 10.0, 12.0, 2L),
                ("2026-03-29T00:00:00+01:00", 7.0, 4.0, 11.0, 3L),
                ("2026-03-30T00:00:00+02:00", -2.0, -2.0, -2.0, 1L),
            ],
            result.Lines.Single().Points.Select(p => (Iso(p.Time), p.Average, p.Minimum, p.Maximum, p.Count)));
    }

    [Fact]
    public async Task Hour_buckets_of_the_autumn_night_keep_the_repeated_hour_apart()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        await StoreAsync(key.SensorId, key.Field,
            ("2026-10-25T02:10:00+02:00", 1), ("2026-10-25T02:50:00+02:00", 3),
            ("2026-10-25T02:10:00+01:00", 20), ("2026-10-25T03:00:00+01:00", 7));

        var result = (await GetAsync(sensor.Owner, key, "2026-10-25T02:00:00+02:00", "2026-10-25T04:00:00+01:00", HistoryResolution.Hour)).Expect();

        Assert.Equal(
            [("2026-10-25T02:00:00+02:00", 2.0, 2L), ("2026-10-25T02:00:00+01:00", 20.0, 1L), ("2026-10-25T03:00:00+01:00", 7.0, 1L)],
            result.Lines.Single().Points.Select(p => (Iso(p.Time), p.Average, p.Count)));
    }

    [Fact]
    public async Task Raw_readings_come_in_time_order_in_the_viewers_zone()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "humidity");
        await StoreAsync(key.SensorId, key.Field, ("2026-06-01T10:00:05Z", 41), ("2026-06-01T10:00:01Z", 40), ("2026-06-01T11:00:00Z", 99));
        await StoreAsync(key.SensorId, "temperature", ("2026-06-01T10:00:03Z", 21));

        var result = (await GetAsync(sensor.Owner, key, "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z", HistoryResolution.Raw, "Asia/Kolkata")).Expect();

        var line = result.Lines.Single();
        Assert.Equal(("Humidity", "%"), (line.Line.Label, line.Line.Unit));
        Assert.Equal([("2026-06-01T15:30:01+05:30", 40.0), ("2026-06-01T15:30:05+05:30", 41.0)], line.Points.Select(p => (Iso(p.Time), p.Average)));
    }

    [Fact]
    public async Task Auto_keeps_every_line_within_2000_points_and_loses_no_reading_in_the_aggregates()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        var start = At("2026-06-01T00:00:00Z");
        // Every 30 seconds for a day: 2,880 readings, more than a line may hold raw.
        await app.Services.GetRequiredService<ITelemetryStore>().WriteReadingsAsync(
            Enumerable.Range(0, 2880).Select(i => new Reading { SensorId = key.SensorId, Field = key.Field, Timestamp = start.AddSeconds(30 * i), Value = i % 7 }).ToList(), Token);

        var result = (await GetAsync(sensor.Owner, key, "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Auto)).Expect();
        var raw = await GetAsync(sensor.Owner, key, "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Raw);

        Assert.Equal(HistoryResolution.Minute, result.Resolution);
        var points = result.Lines.Single().Points;
        Assert.InRange(points.Count, 1, HistoryLimits.MaxPoints);
        Assert.Equal(1440, points.Count);
        Assert.Equal(2880, points.Sum(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 2880).Sum(i => i % 7), points.Sum(p => p.Average * p.Count), 6);
        Assert.Equal(OutcomeKind.Invalid, raw.Kind);
        Assert.Contains("more than 2,000 readings", raw.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sparse_readings_are_shown_raw_by_auto()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var key = new SeriesKey(sensor.Sender.SensorId, "temperature");
        await StoreAsync(key.SensorId, key.Field, ("2026-06-01T10:00:00Z", 1), ("2026-06-01T10:30:00Z", 2));

        var result = (await GetAsync(sensor.Owner, key, "2026-05-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Auto)).Expect();

        Assert.Equal(HistoryResolution.Raw, result.Resolution);
        Assert.Equal([1.0, 2.0], result.Lines.Single().Points.Select(p => p.Average));
    }

    [Fact]
    public async Task A_comparison_keeps_its_lines_in_the_order_asked_and_names_each()
    {
        var owner = await app.NewActorAsync();
        var kitchen = await app.NewTelemetrySensorAsync(owner);
        var cellar = await app.NewTelemetrySensorAsync(owner);
        await StoreAsync(kitchen.Sender.SensorId, "temperature", ("2026-06-01T10:10:00Z", 22), ("2026-06-01T10:20:00Z", 24));
        await StoreAsync(cellar.Sender.SensorId, "temperature", ("2026-06-01T10:15:00Z", 12));

        var result = (await History.GetAsync(owner, new HistoryRequest(
            [new SeriesKey(cellar.Sender.SensorId, "temperature"), new SeriesKey(kitchen.Sender.SensorId, "temperature")],
            At("2026-06-01T10:00:00Z"), At("2026-06-01T11:00:00Z"), HistoryResolution.Hour, "UTC"), Token)).Expect();

        Assert.Equal(
            [(cellar.Credentials.SensorName, 12.0), (kitchen.Credentials.SensorName, 23.0)],
            result.Lines.Select(l => (l.Line.SensorName, l.Points.Single().Average)));
    }

    [Fact]
    public async Task A_sensor_of_someone_else_is_not_found_and_an_unknown_field_is_named()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var stranger = await app.NewActorAsync();

        var foreign = await GetAsync(stranger, new SeriesKey(sensor.Sender.SensorId, "temperature"), "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Auto);
        var unknown = await GetAsync(sensor.Owner, new SeriesKey(sensor.Sender.SensorId, "pressure"), "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Auto);

        Assert.Equal(OutcomeKind.NotFound, foreign.Kind);
        Assert.Equal(OutcomeKind.Invalid, unknown.Kind);
        Assert.Equal($"{sensor.Credentials.SensorName} has no field \"pressure\".", unknown.Message);
    }

    [Theory]
    [InlineData("2026-06-02T00:00:00Z", "2026-06-01T00:00:00Z", HistoryResolution.Auto, Vienna, "The end of the range must be after its start.")]
    [InlineData("1990-01-01T00:00:00Z", "2040-01-01T00:00:00Z", HistoryResolution.Day, Vienna, "A range is at most 1,999 days")]
    [InlineData("2026-05-01T00:00:00Z", "2026-05-31T00:00:00Z", HistoryResolution.Minute, Vienna, "1-minute buckets over this range would give 43,201 points per line")]
    [InlineData("2006-05-01T00:00:00Z", "2011-05-31T00:00:00Z", HistoryResolution.Minute, Vienna, "would give 2,672,641 points per line")]
    [InlineData("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", HistoryResolution.Auto, "Mars/Olympus", "\"Mars/Olympus\" is not a time zone")]
    public async Task Bad_requests_are_refused_with_a_message_that_says_why(string from, string to, HistoryResolution resolution, string zone, string expected)
    {
        var sensor = await app.NewTelemetrySensorAsync();

        var outcome = await GetAsync(sensor.Owner, new SeriesKey(sensor.Sender.SensorId, "temperature"), from, to, resolution, zone);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(expected, outcome.Message, StringComparison.Ordinal);
    }

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
