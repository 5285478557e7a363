using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The Topic Alias Maximum of MQTT 5 (§3.2.2.3.8, §3.3.2.3.4): CONNACK announces Datawiz's own limit instead of
/// MQTTnet's 65,535 (each alias holds a topic in memory for the connection's life), and a PUBLISH with an alias
/// above it is a protocol error: the connection is closed with Topic Alias invalid (0x94). MQTTnet itself accepts
/// any alias and never checks one against a maximum.
/// </summary>
public sealed class TopicAliasLimit(IOptions<MqttOptions> options, BrokerMetrics metrics, ILogger<TopicAliasLimit> logger)
{
    public void Attach(MqttServer server)
    {
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.InterceptingInboundPacketAsync += inbound => OnInboundAsync(server, inbound);
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        if (outbound.Packet is MqttConnAckPacket connAck)
        {
            connAck.TopicAliasMaximum = options.Value.TopicAliasMaximum;
        }
        return Task.CompletedTask;
    }

    private async Task OnInboundAsync(MqttServer server, InterceptingPacketEventArgs inbound)
    {
        if (inbound.Packet is not MqttPublishPacket publish || publish.TopicAlias <= options.Value.TopicAliasMaximum)
        {
            return;
        }
        inbound.ProcessPacket = false;
        metrics.ProtocolError("topic_alias");
        logger.LogInformation("MQTT client {ClientId} closed: topic alias {Alias} above the maximum {Maximum}",
            inbound.ClientId, publish.TopicAlias, options.Value.TopicAliasMaximum);
        var connected = (await server.GetClientsAsync()).FirstOrDefault(client => client.Id == inbound.ClientId);
        if (connected is not null)
        {
            await connected.DisconnectAsync(new MqttServerClientDisconnectOptions
            {
                ReasonCode = MqttDisconnectReasonCode.TopicAliasInvalid,
                ReasonString = $"Topic alias {publish.TopicAlias} is above this server's Topic Alias Maximum of {options.Value.TopicAliasMaximum}.",
            });
        }
    }
}
