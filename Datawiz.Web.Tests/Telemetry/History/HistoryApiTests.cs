using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Datawiz.Web.Tests.Telemetry.History;

public sealed class HistoryApiTestsOnSqlite(SqliteApp app) : HistoryApiTests(app), IClassFixture<SqliteApp>;

public sealed class HistoryApiTestsOnPostgres(PostgresApp app) : HistoryApiTests(app), IClassFixture<PostgresApp>;

/// <summary>The history API and the CSV export over HTTP, signed in with the portal's cookie, and who gets what.</summary>
public abstract class HistoryApiTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<TelemetrySensor> SensorWithReadingsAsync(Actor owner, params (string At, string Field, double Value)[] readings)
    {
        var sensor = await app.NewTelemetrySensorAsync(owner);
        await app.Services.GetRequiredService<ITelemetryStore>().WriteReadingsAsync(readings.Select(r => new Reading
        {
            SensorId = sensor.Sender.SensorId,
            Field = r.Field,
            Timestamp = DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture).ToUniversalTime(),
            Value = r.Value,
        }).ToList(), Token);
        return sensor;
    }

    [Fact]
    public async Task The_owner_gets_hour_buckets_as_json_with_times_in_the_zone_asked_for()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await SensorWithReadingsAsync(owner,
            ("2026-06-01T08:10:00Z", "temperature", 20), ("2026-06-01T08:50:00Z", "temperature", 22), ("2026-06-01T09:05:00Z", "temperature", -1.5));

        var json = await client.Http.GetFromJsonAsync<JsonElement>(
            $"/api/v1/history?series={sensor.Sender.SensorId}:temperature&from=2026-06-01T10:00&to=2026-06-01T12:00&resolution=1h&tz=Europe/Vienna", Token);

        Assert.Equal("1h", json.GetProperty("resolution").GetString());
        var line = json.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(("Temperature", "°C"), (line.GetProperty("label").GetString(), line.GetProperty("unit").GetString()));
        Assert.Equal(
            [("2026-06-01T10:00:00+02:00", 21.0, 20.0, 22.0), ("2026-06-01T11:00:00+02:00", -1.5, -1.5, -1.5)],
            line.GetProperty("points").EnumerateArray().Select(p => (
                p.GetProperty("time").GetString(), p.GetProperty("average").GetDouble(), p.GetProperty("minimum").GetDouble(), p.GetProperty("maximum").GetDouble())));
    }

    [Fact]
    public async Task Bad_requests_get_400_with_the_reason_and_nobody_but_viewers_sees_a_sensor()
    {
        var (owner, client) = await app.SignedInActorAsync();
        var (_, stranger) = await app.SignedInActorAsync();
        using var anonymous = app.CreatePortalClient();
        using var __ = client;
        using var ___ = stranger;
        var sensor = await SensorWithReadingsAsync(owner, ("2026-06-01T08:10:00Z", "temperature", 20));
        var series = $"/api/v1/history?series={sensor.Sender.SensorId}:temperature";
        var history = series + "&from=2026-06-01T00:00Z&to=2026-06-02T00:00Z";
        var export = $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?from=2026-06-01T00:00Z&to=2026-06-02T00:00Z";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(history)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(export)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(history)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(export)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(history)).StatusCode);
        foreach (var (query, reason) in new[]
        {
            ("&from=2026-06-03T00:00Z&to=2026-06-02T00:00Z", "The end of the range must be after its start."),
            ("&from=1990-01-01T00:00Z&to=2040-01-01T00:00Z", "A range is at most 1,999 days"),
            ("&resolution=1m&from=2026-05-01T00:00Z&to=2026-06-01T00:00Z", "would give 44,641 points per line"),
            ("&resolution=weekly&to=2026-06-02T00:00Z", "\"weekly\" is not a resolution"),
            ("&tz=Mars/Olympus&to=2026-06-02T00:00Z", "\"Mars/Olympus\" is not a time zone"),
            ("&from=yesterday&to=2026-06-02T00:00Z", "from: \"yesterday\" is not a time"),
        })
        {
            var response = await client.GetAsync(series + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var unknownField = await client.GetAsync(export + "&fields=pressure");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.EndsWith("has no field \"pressure\".", (await unknownField.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_raw_export_is_a_csv_file_named_after_the_sensor_and_range_with_iso_times_and_every_reading()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await SensorWithReadingsAsync(owner,
            ("2026-06-01T08:10:00Z", "temperature", 20.25), ("2026-06-01T08:10:00Z", "humidity", 40), ("2026-06-01T09:05:00.5Z", "temperature", -1.5),
            ("2026-06-02T08:00:00Z", "temperature", 99));

        var response = await client.GetAsync(
            $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?from=2026-06-01T00:00&to=2026-06-02T00:00&tz=Europe/Vienna");
        var text = await response.Content.ReadAsStringAsync(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var slug = sensor.Credentials.SensorName.Replace(' ', '-');
        Assert.Equal($"{slug}_20260601T0000_20260602T0000_raw.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(
            [
                "time,field,unit,value",
                "2026-06-01T10:10:00.000+02:00,temperature,°C,20.25",
                "2026-06-01T11:05:00.500+02:00,temperature,°C,-1.5",
                "2026-06-01T10:10:00.000+02:00,humidity,%,40",
            ],
            text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_aggregated_export_has_one_row_per_bucket_and_field_and_neutralises_formula_fields()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await SensorWithReadingsAsync(owner,
            ("2026-06-01T08:10:00Z", "temperature", 20), ("2026-06-01T08:20:00Z", "temperature", 24), ("2026-06-01T08:30:00Z", "=cmd", 1));
        await using (var db = await app.DbAsync())
        {
            // A field a device made up: it exists for the export once its latest value is stored.
            db.LatestReadings.Add(new LatestReading { SensorId = sensor.Sender.SensorId, Field = "=cmd", Value = 1, Timestamp = DateTimeOffset.UnixEpoch });
            await db.SaveChangesAsync(Token);
        }

        var text = await client.Http.GetStringAsync(
            $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?fields=temperature,%3Dcmd&from=2026-06-01T00:00Z&to=2026-06-02T00:00Z&resolution=1d&tz=UTC", Token);

        Assert.Equal(
            [
                "bucket_start,field,unit,average,minimum,maximum,readings",
                "2026-06-01T00:00:00.000+00:00,temperature,°C,22,20,24,2",
                "2026-06-01T00:00:00.000+00:00,\"'=cmd\",,1,1,1,1",
            ],
            text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_large_export_streams_while_the_database_still_reads_and_a_reader_that_goes_away_ends_the_query()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(owner);
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var store = app.Services.GetRequiredService<ITelemetryStore>();
        // 400,000 readings, about 20 MB of CSV: far more than the socket buffers between the server and this reader hold.
        const int rows = 400_000;
        for (var offset = 0; offset < rows; offset += 50_000)
        {
            await store.WriteReadingsAsync(Enumerable.Range(offset, 50_000).Select(i => new Reading
            {
                SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = start.AddSeconds(i), Value = i,
            }).ToList(), Token);
        }

        var rowsBefore = await ExportedRowsAsync();
        using (var response = await client.Http.GetAsync(
            $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?fields=temperature&from=2026-01-01T00:00Z&to=2026-02-01T00:00Z&tz=UTC",
            HttpCompletionOption.ResponseHeadersRead, Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(Token);
            using var reader = new StreamReader(body);
            Assert.Equal("time,field,unit,value", (await reader.ReadLineAsync(Token))?.TrimStart('\uFEFF'));
            Assert.Equal("2026-01-01T00:00:00.000+00:00,temperature,°C,0", await reader.ReadLineAsync(Token));
            // The first rows are here while the server has not read them all: the file is written as it is read,
            // and it waits for this reader (a file built in memory first would have every row counted by now).
            var metrics = await app.ScrapeAsync();
            Assert.Equal(1, PrometheusText.Value(metrics, "datawiz_telemetry_exports_active"));
            Assert.InRange(await ExportedRowsAsync() - rowsBefore, 1, rows - 1);
        }

        // The reader went away: the export ends without writing the rest, and on PostgreSQL its query is gone too.
        await Poll.UntilAsync(async () => PrometheusText.Value(await app.ScrapeAsync(), "datawiz_telemetry_exports_active") == 0,
            TimeSpan.FromSeconds(30), "the export to end with its reader");
        Assert.InRange(await ExportedRowsAsync() - rowsBefore, 1, rows - 1);
        if (app.Provider == DatabaseProvider.Postgres)
        {
            await Poll.UntilAsync(async () => await ActiveExportQueriesAsync() == 0, TimeSpan.FromSeconds(30), "the export's query to end");
        }
        // The portal is unharmed: the next export of the same sensor is whole.
        var whole = await client.Http.GetStringAsync(
            $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?fields=temperature&from=2026-01-01T00:00Z&to=2026-01-01T00:01Z&tz=UTC", Token);
        Assert.Equal(61, whole.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private async Task<double> ExportedRowsAsync() => PrometheusText.ValueOrZero(await app.ScrapeAsync(), "datawiz_telemetry_export_rows_total");

    /// <summary>Queries of the readings that PostgreSQL is running for this app's database right now, other than this one.</summary>
    private async Task<long> ActiveExportQueriesAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%FROM "Readings"%ORDER BY%'
            """, connection);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
