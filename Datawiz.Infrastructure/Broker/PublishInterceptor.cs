using System.Buffers;
using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Every PUBLISH a client sends: protocol checks MQTTnet leaves out, the topic ACL, then (for sensors) ingestion.
/// MQTTnet awaits this before it queues the PUBACK/PUBREC, so a QoS 1/2 publish is acknowledged only once
/// <see cref="TelemetryIngestion.IngestAsync"/> has completed.
/// </summary>
/// <remarks>
/// When ingestion is unavailable (queue full, database away) nothing is delivered, and the sender is not told
/// "stored": on MQTT 5 it gets PUBACK/PUBREC with ImplementationSpecificError and a reason string, so it knows
/// at once and keeps its connection; MQTT 3.1.1 has no negative acknowledgement, and any PUBACK there means
/// "received", so the connection is closed instead: the client never sees an acknowledgement and resends
/// the message after reconnecting (3.1.1 §4.4). QoS 0 has no acknowledgement to hold back and is dropped.
/// </remarks>
public sealed class PublishInterceptor(
    BrokerClients clients, TelemetryIngestion ingestion, BrokerMetrics metrics, IOptions<MqttOptions> options, TimeProvider clock,
    ILogger<PublishInterceptor> logger)
{
    public async Task InterceptAsync(InterceptingPublishEventArgs publish)
    {
        var message = publish.ApplicationMessage;
        if (TopicSyntax.PublishTopicProblem(message.Topic, options.Value.MaxTopicBytes) is { } problem)
        {
            // A malformed PUBLISH is a protocol error: the connection is closed (3.1.1 §4.8, 5.0 §4.13).
            metrics.ProtocolError("publish_topic");
            logger.LogInformation("MQTT client {ClientId} ({Username}) closed: {Problem}", publish.ClientId, publish.UserName, problem);
            publish.ProcessPublish = false;
            publish.CloseConnection = true;
            return;
        }

        var client = clients.Find(publish.UserName);
        if (client is null)
        {
            // Messages the app itself injects have no username; anything else without a known account is refused.
            if (publish.UserName is null && string.IsNullOrEmpty(publish.ClientId))
            {
                return;
            }
            Refuse(publish, client, "The connection's account is no longer valid.");
            return;
        }
        if (!TopicAcl.MayPublish(client.Identity, message.Topic))
        {
            Refuse(publish, client, $"Not allowed to publish to this topic; publish under {client.Identity.OwnPrefix}.");
            return;
        }
        if (client.Sensor is not { } sender)
        {
            return;
        }

        var payload = message.Payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : message.Payload.ToArray();
        IngestionResult result;
        try
        {
            result = await ingestion.IngestAsync(new TelemetryMessage(sender, message.Topic, payload, clock.GetUtcNow()), publish.CancellationToken);
        }
        catch (OperationCanceledException) when (publish.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Ingestion failed for a publish of sensor {SensorId}", sender.SensorId);
            result = new IngestionResult(IngestionStatus.Unavailable, "Telemetry cannot be stored right now.");
        }

        switch (result.Status)
        {
            case IngestionStatus.Stored:
            case IngestionStatus.Rejected:
                // Not telemetry is still a valid MQTT message: subscribers get it, the reason is counted on the sensor.
                break;
            case IngestionStatus.RateLimited:
                publish.ProcessPublish = false;
                publish.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
                publish.Response.ReasonString = result.Reason ?? "Your class' messages-per-minute limit is reached.";
                break;
            case IngestionStatus.Unavailable:
                publish.ProcessPublish = false;
                if (BrokerClients.ProtocolOf(publish.SessionItems) == MqttProtocolVersion.V500)
                {
                    publish.Response.ReasonCode = MqttPubAckReasonCode.ImplementationSpecificError;
                    publish.Response.ReasonString = result.Reason ?? "Telemetry cannot be stored right now; publish again later.";
                }
                else if (message.QualityOfServiceLevel != MqttQualityOfServiceLevel.AtMostOnce)
                {
                    publish.CloseConnection = true;
                }
                break;
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
