using Datawiz.Infrastructure.Live;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Announces each batch's readings on the live feed, per sensor, once the batch is committed (never before: what a
/// page shows is stored). One message per sensor and batch, so a sensor publishing a thousand times a second costs
/// the feed a message per commit, not per reading; publishing never waits for a listener.
/// </summary>
public sealed class TelemetryNotifier(ILiveFeed<Guid, CommittedReadings> feed)
{
    public void Committed(IReadOnlyList<QueuedMessage> messages)
    {
        // Null for a sensor nobody watches: on the ingestion path, readings are copied only for those someone sees.
        var bySensor = new Dictionary<Guid, List<CommittedReading>?>();
        foreach (var message in messages)
        {
            if (!bySensor.TryGetValue(message.SensorId, out var readings))
            {
                bySensor[message.SensorId] = readings = feed.IsWatched(message.SensorId) ? [] : null;
            }
            if (readings is null)
            {
                continue;
            }
            foreach (var reading in message.Payload.Readings)
            {
                readings.Add(new CommittedReading(reading.Field, message.Payload.Timestamp, reading.Value));
            }
        }
        foreach (var (sensorId, readings) in bySensor)
        {
            if (readings is not null)
            {
                feed.Publish(sensorId, new CommittedReadings(sensorId, readings));
            }
        }
    }
}
