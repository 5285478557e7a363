using System.Text;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Messages from any sensor of the app, through the real ingestion, as if its device had published them.</summary>
public static class TelemetryMessages
{
    /// <summary>
    /// Publishes <paramref name="payload"/> to the sensor's own topic; completes once it is stored or refused and the
    /// sensor's counters and newest values are written.
    /// </summary>
    public static async Task<IngestionResult> PublishAsync(this DatawizApp app, Guid sensorId, string payload)
    {
        var sensor = await app.QueryAsync(db => db.Sensors.AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => new { s.OwnerId, s.MqttUsername }).SingleAsync(TestContext.Current.CancellationToken));
        var sender = new TelemetrySender(sensorId, sensor.OwnerId, TopicScheme.SensorPrefix(sensor.OwnerId, sensor.MqttUsername));
        var message = new TelemetryMessage(sender, sender.SensorTopic, Encoding.UTF8.GetBytes(payload), app.Clock.GetUtcNow());
        var result = await app.Services.GetRequiredService<TelemetryIngestion>().IngestAsync(message, TestContext.Current.CancellationToken);
        await app.WriteTelemetrySummaryAsync();
        return result;
    }

    /// <summary>Writes the counters, last-seen times and newest values now instead of at the summary writer's next interval.</summary>
    public static Task WriteTelemetrySummaryAsync(this DatawizApp app) =>
        app.Services.GetRequiredService<TelemetrySummaryWriter>().WriteNowAsync(TestContext.Current.CancellationToken);
}
