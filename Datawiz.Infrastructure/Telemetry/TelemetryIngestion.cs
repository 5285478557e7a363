using Datawiz.Domain.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Where the broker and the HTTP endpoint hand over what sensors publish: counts the message, applies the
/// owner's rate limit, parses it and queues its readings for the batch writer; the answer comes once they are
/// committed, or at once when the message is refused. Counters reach the database with the next batch.
/// </summary>
public sealed partial class TelemetryIngestion(
    SensorProfiles profiles, MessageRateLimiter rateLimiter, TelemetryInbox queue, CounterTally tally, TelemetryMetrics metrics,
    IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<TelemetryIngestion> logger)
{
    public const string QueueFullReason = "Telemetry is arriving faster than it can be stored; try again shortly.";

    private readonly PayloadLimits limits = options.Value.Limits();

    /// <summary>Parses, rate-limits and stores one message; completes once its readings are committed, or it was refused.</summary>
    public async ValueTask<IngestionResult> IngestAsync(TelemetryMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var sensorId = message.Sender.SensorId;
        metrics.Received();
        tally.Received(sensorId, message.ReceivedAt);
        if (queue.DatabaseUnreachable)
        {
            return Unavailable(TelemetryBatchWriter.UnavailableReason);
        }

        SensorProfile? profile;
        try
        {
            profile = await profiles.GetAsync(sensorId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProfileUnavailable(ex, sensorId);
            return Unavailable(TelemetryBatchWriter.UnavailableReason);
        }
        if (profile is null)
        {
            metrics.Rejected("unknown_sensor");
            return new IngestionResult(IngestionStatus.Rejected, "The sensor no longer exists.");
        }

        if (!rateLimiter.TryAcquire(message.Sender.OwnerId, profile.MaxMessagesPerMinute))
        {
            var reason = $"More than {profile.MaxMessagesPerMinute} messages a minute from this owner's sensors.";
            tally.RateLimited(sensorId, reason, message.ReceivedAt);
            metrics.Refused("rate_limited");
            return new IngestionResult(IngestionStatus.RateLimited, reason);
        }

        var parsed = PayloadParser.Parse(message.Sender.SensorTopic, message.Topic, message.Payload.Span, profile.Fields, message.ReceivedAt, limits);
        if (parsed.Payload is not { } payload)
        {
            tally.Rejected(sensorId, parsed.Reason!, message.ReceivedAt);
            metrics.Rejected(parsed.Kind!);
            return new IngestionResult(IngestionStatus.Rejected, parsed.Reason);
        }

        var queued = new QueuedMessage(sensorId, payload);
        if (!queue.TryEnqueue(queued))
        {
            return Unavailable(queue.DatabaseUnreachable ? TelemetryBatchWriter.UnavailableReason : QueueFullReason);
        }
        // Once queued the message will be written whatever the caller does; cancelling only stops the waiting.
        return await queued.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Counts, on the sensor, a publish the topic ACL refused.</summary>
    public void RecordRefusedByAcl(Guid sensorId, string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        metrics.Refused("acl");
        tally.RefusedByAcl(sensorId, $"Publishing to '{topic}' is not allowed for this sensor.", clock.GetUtcNow());
    }

    private IngestionResult Unavailable(string reason)
    {
        metrics.Refused("unavailable");
        return new IngestionResult(IngestionStatus.Unavailable, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot look up sensor {SensorId} for telemetry; refusing its message")]
    private partial void LogProfileUnavailable(Exception exception, Guid sensorId);
}
