using System.Net;
using MQTTnet.Formatter;
using MQTTnet.Formatter.V5;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The client's Maximum Packet Size of MQTT 5 (§3.1.2.11.4), which MQTTnet 5.2 ignores: a PUBLISH that would be
/// larger is not sent to that client (the specification's "discard as if delivered"); others still receive it.
/// </summary>
public sealed class ClientMaximumPacketSize
{
    private readonly PerConnection<uint> maximums = new();

    public void Attach(MqttServer server) => server.InterceptingOutboundPacketAsync += OnOutboundAsync;

    /// <summary>Called for every accepted connect.</summary>
    public void Connected(ValidatingConnectionEventArgs connect)
    {
        var clientId = string.IsNullOrEmpty(connect.ClientId) ? connect.AssignedClientIdentifier : connect.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            return;
        }
        // 0 is the property's absence: no limit.
        if (connect.ProtocolVersion == MqttProtocolVersion.V500 && connect.MaximumPacketSize > 0)
        {
            maximums.Set(clientId, connect.RemoteEndPoint, connect.MaximumPacketSize);
        }
        else
        {
            maximums.Remove(clientId);
        }
    }

    /// <summary>Called when a connection has ended: its maximum goes, unless a newer connection of its client id has one.</summary>
    public void Disconnected(string clientId, EndPoint? endpoint) => maximums.Ended(clientId, endpoint);

    /// <summary>Whether <paramref name="clientId"/> is remembered; for tests.</summary>
    internal bool Tracks(string clientId) => maximums.Contains(clientId);

    private Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        if (outbound.ProcessPacket && outbound.Packet is MqttPublishPacket publish && maximums.TryGetValue(outbound.ClientId, out var maximum)
            && SizeOf(publish) > maximum)
        {
            outbound.ProcessPacket = false;
        }
        return Task.CompletedTask;
    }

    // The encoder keeps state between calls, so each measurement has its own; only clients with a maximum pay for it.
    private static long SizeOf(MqttPublishPacket publish) =>
        new MqttV5PacketEncoder(new MqttBufferWriter(1024, 64 * 1024)).Encode(publish).Length;
}
