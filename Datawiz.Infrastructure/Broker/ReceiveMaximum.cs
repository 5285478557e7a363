using System.Collections.Concurrent;
using System.Net;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The client's Receive Maximum of MQTT 5 (§3.1.2.11.3, §4.9), which MQTTnet 5.2 ignores: a QoS 1 or 2 PUBLISH to
/// a client waits to be sent while that many are unacknowledged (PUBACK, PUBCOMP, or PUBREC with an error ends one).
/// </summary>
/// <remarks>
/// The wait holds MQTTnet's send loop for the connection, as <see cref="AcknowledgementGate"/> does; a client that
/// stops acknowledging therefore also stops receiving the other packets meant for it until it acknowledges again.
/// </remarks>
public sealed class ReceiveMaximum
{
    private readonly PerConnection<InFlight> connections = new();

    public void Attach(MqttServer server)
    {
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.InterceptingInboundPacketAsync += OnInboundAsync;
    }

    /// <summary>Called for every accepted connect: each connection starts with its own, empty, window.</summary>
    public void Connected(ValidatingConnectionEventArgs connect)
    {
        var clientId = string.IsNullOrEmpty(connect.ClientId) ? connect.AssignedClientIdentifier : connect.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            return;
        }
        // 0 is the property's absence: 65,535, which is no limit worth enforcing.
        if (connect.ProtocolVersion == MqttProtocolVersion.V500 && connect.ReceiveMaximum is > 0 and < ushort.MaxValue)
        {
            connections.Set(clientId, connect.RemoteEndPoint, new InFlight(connect.ReceiveMaximum));
        }
        else
        {
            connections.Remove(clientId);
        }
    }

    /// <summary>Called when a connection has ended: its window goes, unless a newer connection of its client id has one.</summary>
    public void Disconnected(string clientId, EndPoint? endpoint) => connections.Ended(clientId, endpoint);

    /// <summary>Whether <paramref name="clientId"/> is remembered; for tests.</summary>
    internal bool Tracks(string clientId) => connections.Contains(clientId);

    private async Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        if (outbound.ProcessPacket && outbound.Packet is MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } publish
            && connections.TryGetValue(outbound.ClientId, out var inFlight)
            && !inFlight.Packets.ContainsKey(publish.PacketIdentifier))
        {
            await inFlight.Slots.WaitAsync(outbound.CancellationToken);
            inFlight.Packets[publish.PacketIdentifier] = true;
        }
    }

    private Task OnInboundAsync(InterceptingPacketEventArgs inbound)
    {
        var ended = inbound.Packet switch
        {
            MqttPubAckPacket ack => ack.PacketIdentifier,
            MqttPubCompPacket comp => comp.PacketIdentifier,
            MqttPubRecPacket { ReasonCode: >= MqttPubRecReasonCode.UnspecifiedError } rec => rec.PacketIdentifier,
            _ => (ushort)0,
        };
        if (ended != 0 && connections.TryGetValue(inbound.ClientId, out var inFlight) && inFlight.Packets.TryRemove(ended, out _))
        {
            inFlight.Slots.Release();
        }
        return Task.CompletedTask;
    }

    private sealed class InFlight(int maximum)
    {
        public SemaphoreSlim Slots { get; } = new(maximum, maximum);

        public ConcurrentDictionary<ushort, bool> Packets { get; } = new();
    }
}
