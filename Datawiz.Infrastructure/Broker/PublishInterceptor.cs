using System.Buffers;
using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Every PUBLISH a client sends: protocol checks MQTTnet leaves out, the topic ACL, then (for sensors) ingestion.
/// A sensor's message is queued for storage and this returns at once; it reaches subscribers after its commit
/// (<see cref="CommittedDelivery"/>) and its QoS 1/2 acknowledgement leaves only then (<see cref="AcknowledgementGate"/>).
/// </summary>
/// <remarks>
/// When ingestion is unavailable (queue full, database away) nothing is delivered and the sender is not told
/// "stored"; QoS 0 has no acknowledgement to hold back and is dropped.
/// </remarks>
public sealed class PublishInterceptor(
    BrokerClients clients, TelemetryIngestion ingestion, CommittedDelivery delivery, RetainedMessageStore retained, WillDelay wills, MessageExpiry expiry, BrokerMetrics metrics, IOptions<MqttOptions> options,
    TimeProvider clock, ILogger<PublishInterceptor> logger)
{
    public Task InterceptAsync(InterceptingPublishEventArgs publish)
    {
        if (ReferenceEquals(publish.SessionItems, CommittedDelivery.Items) || wills.Postpones(publish))
        {
            return Task.CompletedTask;
        }
        var message = publish.ApplicationMessage;
        expiry.Received(message);
        if (TopicSyntax.PublishTopicProblem(message.Topic, options.Value.MaxTopicBytes) is { } problem)
        {
            // A malformed PUBLISH is a protocol error: the connection is closed (3.1.1 §4.8, 5.0 §4.13).
            metrics.ProtocolError("publish_topic");
            logger.LogInformation("MQTT client {ClientId} ({Username}) closed: {Problem}", publish.ClientId, publish.UserName, problem);
            publish.ProcessPublish = false;
            publish.CloseConnection = true;
            return Task.CompletedTask;
        }

        var client = clients.Find(publish.UserName);
        if (client is null)
        {
            // Messages the app itself injects have no username; anything else without a known account is refused.
            if (publish.UserName is null && string.IsNullOrEmpty(publish.ClientId))
            {
                return Task.CompletedTask;
            }
            Refuse(publish, client, "The connection's account is no longer valid.");
            return Task.CompletedTask;
        }
        if (!TopicAcl.MayPublish(client.Identity, message.Topic))
        {
            Refuse(publish, client, $"Not allowed to publish to this topic; publish under {client.Identity.OwnPrefix}.");
            return Task.CompletedTask;
        }
        if (client.Sensor is { } sender)
        {
            Ingest(publish, sender);
        }
        else if (message.Retain)
        {
            // MQTTnet keeps it in memory and delivers it; its acknowledgement waits until the database has it too.
            var saved = CommittedDelivery.Settled(retained.SaveAsync(message), IngestionResult.Stored);
            if (message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
            {
                PendingAcknowledgements.Of(publish.SessionItems)?.HoldCurrent(saved);
            }
        }
        return Task.CompletedTask;
    }

    private void Ingest(InterceptingPublishEventArgs publish, TelemetrySender sender)
    {
        var message = publish.ApplicationMessage;
        // MQTTnet may reuse the packet's buffer once this returns; the message is delivered later.
        var payload = message.Payload.IsEmpty ? [] : message.Payload.ToArray();
        message.Payload = new ReadOnlySequence<byte>(payload);
        var commit = IngestAsync(new TelemetryMessage(sender, message.Topic, payload, clock.GetUtcNow()));
        publish.ProcessPublish = false;
        var settled = delivery.After(commit, message, publish.ClientId, publish.UserName);
        if (message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
        {
            PendingAcknowledgements.Of(publish.SessionItems)?.HoldCurrent(settled);
        }
    }

    // Not the publish's token: once queued, a message is written whatever happens to the connection.
    private async Task<IngestionResult> IngestAsync(TelemetryMessage message)
    {
        try
        {
            return await ingestion.IngestAsync(message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Ingestion failed for a publish of sensor {SensorId}", message.Sender.SensorId);
            return new IngestionResult(IngestionStatus.Unavailable, "Telemetry cannot be stored right now.");
        }
    }

    private void Refuse(InterceptingPublishEventArgs publish, BrokerClient? client, string reason)
    {
        publish.ProcessPublish = false;
        // Sent on MQTT 5 only; MQTT 3.1.1 cannot say no in a PUBACK, so the message is acknowledged and dropped, as Mosquitto does.
        publish.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        publish.Response.ReasonString = reason;
        metrics.AclRefused("publish");
        if (client?.Sensor is { } sender)
        {
            ingestion.RecordRefusedByAcl(sender.SensorId, publish.ApplicationMessage.Topic);
        }
        logger.LogInformation("MQTT publish refused by the ACL: {Username} to {Topic}", publish.UserName, publish.ApplicationMessage.Topic);
    }
}
