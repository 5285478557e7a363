using System.Net;
using System.Text.RegularExpressions;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Pages.Sensors;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorTelemetryPageTestsOnSqlite(SqliteApp app) : SensorTelemetryPageTests(app), IClassFixture<SqliteApp>;

public sealed class SensorTelemetryPageTestsOnPostgres(PostgresApp app) : SensorTelemetryPageTests(app), IClassFixture<PostgresApp>;

/// <summary>The sensor's page, as the server renders it before any script runs, shows what arrived from the sensor.</summary>
public abstract partial class SensorTelemetryPageTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sensor_without_messages_says_so_and_links_to_how_to_connect()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(owner);

        var markup = await PageAsync(client, sensor.Sender.SensorId);

        Assert.Contains("No messages yet", markup, StringComparison.Ordinal);
        Assert.Matches(HelpLink(), markup);
        Assert.DoesNotContain("data-testid=\"telemetry-counters\"", markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_counters_the_last_reason_and_the_latest_values_are_shown_type_fields_first()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensor = await app.NewTelemetrySensorAsync(owner);
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, """{"pressure":1013.25,"humidity":40,"temperature":22.1}"""), Token)).Status);
        Assert.Equal(IngestionStatus.Rejected, (await app.Ingestion().IngestAsync(app.Message(sensor, "not json"), Token)).Status);
        await app.WriteTelemetrySummaryAsync();
        await Poll.UntilAsync(async () => (await app.CountersAsync(sensor.Sender.SensorId))?.Rejected == 1, TimeSpan.FromSeconds(20), "the rejection to be counted");

        var markup = await PageAsync(client, sensor.Sender.SensorId);

        Assert.DoesNotContain("No messages yet", markup, StringComparison.Ordinal);
        Assert.Equal("2", Counter(markup, "telemetry-received"));
        Assert.Equal("1", Counter(markup, "telemetry-stored"));
        Assert.Equal("1", Counter(markup, "telemetry-rejected"));
        Assert.Equal("0", Counter(markup, "telemetry-refused"));
        Assert.Equal("0", Counter(markup, "telemetry-rate-limited"));
        Assert.Equal("just now", Counter(markup, "telemetry-last-seen"));
        Assert.Matches(@"Last message not stored \(<time [^>]*>just now</time>\): The payload is not valid JSON\.", markup);
        Assert.Equal(["22.1 °C", "40 %", "1,013.25"], Values().Matches(markup).Select(m => m.Groups["value"].Value));
        Assert.Contains("(not in the sensor type)", markup, StringComparison.Ordinal);
    }

    private static async Task<string> PageAsync(PortalClient client, Guid sensorId)
    {
        var response = await client.GetAsync($"/sensors/{sensorId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.TextOf(response);
    }

    private static string Counter(string markup, string testId)
    {
        var match = Regex.Match(markup, $"data-testid=\"{testId}\"[^>]*>(?<text>[^<]*)<");
        Assert.True(match.Success, $"The page has no {testId}.");
        return match.Groups["text"].Value;
    }

    [GeneratedRegex("<a [^>]*href=\"/help/mqtt\"[^>]*data-testid=\"telemetry-help\"[^>]*>How to connect</a>")]
    private static partial Regex HelpLink();

    [GeneratedRegex("data-testid=\"telemetry-value-text\"[^>]*>(?<value>[^<]*)<")]
    private static partial Regex Values();
}

public sealed class TelemetryTextTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(999, "999")]
    [InlineData(1234567, "1,234,567")]
    public void Counts_have_thousands_separators(long count, string expected) => Assert.Equal(expected, TelemetryText.Count(count));

    [Theory]
    [InlineData(22.1, "°C", "22.1 °C")]
    [InlineData(1013.25, "hPa", "1,013.25 hPa")]
    [InlineData(-3, "", "-3")]
    [InlineData(0, "%", "0 %")]
    [InlineData(0.1234567, "", "0.123")]
    [InlineData(0.00001234, "A", "1.234E-05 A")]
    [InlineData(12345678901, "", "1.235E+10")]
    public void Values_are_short_and_never_rounded_to_zero(double value, string unit, string expected) =>
        Assert.Equal(expected, TelemetryText.Value(value, unit));
}
