using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Holds back a sensor's PUBACK or PUBREC until its readings are committed, without holding back the connection;
/// and any publisher's until what its messages queued for absent persistent sessions is written.
/// </summary>
/// <remarks>
/// MQTTnet reads a connection's packets one at a time and reads the next only when the publish interceptor has
/// returned, so awaiting the commit there would allow one message in flight per connection, whatever the
/// client's receive maximum. Instead the interceptor queues the readings and returns; MQTTnet queues the PUBACK,
/// and this gate, on the connection's send loop, waits for that message's commit before the PUBACK leaves.
/// Acknowledgements therefore still go out in the order the publishes came (MQTT 3.1.1 §4.6, 5.0 §4.6) and each
/// only once its readings are stored; meanwhile the connection keeps reading, so up to the client's window of
/// messages share each commit.
/// When a message could not be stored, MQTT 5 gets its PUBACK/PUBREC with a failure reason code; MQTT 3.1.1 has no
/// negative acknowledgement, so that connection gets no further acknowledgement and is closed, and the client
/// publishes the unacknowledged messages again after reconnecting (3.1.1 §4.4).
/// </remarks>
public sealed class AcknowledgementGate(PersistentSessions sessions, ILogger<AcknowledgementGate> logger)
{
    private MqttServer? server;

    public void Attach(MqttServer mqttServer) => server = mqttServer;

    public static Task OnConnectedAsync(ClientConnectedEventArgs connected)
    {
        PendingAcknowledgements.StartConnection(connected.SessionItems);
        return Task.CompletedTask;
    }

    public static Task OnInboundAsync(InterceptingPacketEventArgs inbound)
    {
        if (inbound.Packet is MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } publish
            && PendingAcknowledgements.Of(inbound.SessionItems) is { } pending)
        {
            pending.CurrentPacketId = publish.PacketIdentifier;
        }
        return Task.CompletedTask;
    }

    public async Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        var (packetId, isAcknowledgement) = outbound.Packet switch
        {
            MqttPubAckPacket ack => (ack.PacketIdentifier, true),
            MqttPubRecPacket rec => (rec.PacketIdentifier, true),
            _ => ((ushort)0, false),
        };
        if (!isAcknowledgement || PendingAcknowledgements.Of(outbound.SessionItems) is not { } pending)
        {
            return;
        }
        if (pending.Abandoned)
        {
            outbound.ProcessPacket = false;
            return;
        }
        var held = pending.TryRelease(packetId, out var commit);
        var result = held ? await commit.WaitAsync(outbound.CancellationToken) : null;
        // Read only now: a held message is delivered, and so queued for absent sessions, before what it was held for
        // completes (CommittedDelivery.After); any other was delivered before MQTTnet made this acknowledgement.
        await sessions.QueuedBy(outbound.ClientId).WaitAsync(outbound.CancellationToken);
        switch (result?.Status)
        {
            case IngestionStatus.Stored:
            case IngestionStatus.Rejected:
                // Not telemetry is still a valid MQTT message: it was delivered, the reason is counted on the sensor.
                break;
            case IngestionStatus.RateLimited:
                // MQTT 3.1.1 cannot say no in a PUBACK: the message is acknowledged and dropped, as Mosquitto does.
                SetReason(outbound.Packet, MqttPubAckReasonCode.QuotaExceeded, result.Reason ?? "Your class' messages-per-minute limit is reached.");
                break;
            case IngestionStatus.Unavailable:
                if (BrokerClients.ProtocolOf(outbound.SessionItems) == MqttProtocolVersion.V500)
                {
                    SetReason(outbound.Packet, MqttPubAckReasonCode.ImplementationSpecificError, result.Reason ?? "Telemetry cannot be stored right now; publish again later.");
                }
                else
                {
                    pending.Abandoned = true;
                    outbound.ProcessPacket = false;
                    _ = CloseAsync(outbound.ClientId);
                }
                break;
        }
    }

    private static void SetReason(MqttPacket packet, MqttPubAckReasonCode code, string reason)
    {
        switch (packet)
        {
            case MqttPubAckPacket ack:
                ack.ReasonCode = code;
                ack.ReasonString = reason;
                break;
            case MqttPubRecPacket rec:
                // PUBREC's reason codes share their values with PUBACK's.
                rec.ReasonCode = (MqttPubRecReasonCode)(int)code;
                rec.ReasonString = reason;
                break;
        }
    }

    // Detached from the send loop that calls it: disconnecting waits for that loop to end.
    private async Task CloseAsync(string clientId)
    {
        await Task.Yield();
        try
        {
            if (server is { IsStarted: true })
            {
                await server.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.UnspecifiedError });
            }
            logger.LogInformation("MQTT 3.1.1 client {ClientId} closed: a message could not be stored, and 3.1.1 cannot refuse it in a PUBACK", clientId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Closing MQTT client {ClientId} after an unstored message failed", clientId);
        }
    }
}
