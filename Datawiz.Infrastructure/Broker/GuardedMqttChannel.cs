using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using MQTTnet.Adapter;
using MQTTnet.AspNetCore;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// One MQTT connection as MQTTnet's server sees it (MQTTnet.AspNetCore's <see cref="MqttConnectionContext"/>), with
/// what the specifications ask of a server at the connection that MQTTnet 5.2 leaves out:
/// <list type="bullet">
/// <item>an MQTT 3.1.1 CONNECT with an empty client id and clean session gets a unique id of the server's before MQTTnet
/// looks at it (3.1.1 §3.1.3.1 [MQTT-3.1.3-6]; MQTTnet assigns one on 5.0 only and refuses the rest). Without clean
/// session it stays empty, and MQTTnet answers Identifier rejected [MQTT-3.1.3-8];</item>
/// <item>CONNACK announces the server's Maximum Packet Size (5.0 §3.2.2.3.6), which MQTTnet leaves unlimited;</item>
/// <item>a packet over it (found by <see cref="PacketSizeLimit"/>) is answered on 5.0 with DISCONNECT Packet too large
/// (§4.13) before the connection closes; 3.1.1 has no DISCONNECT from the server, so it is only closed.</item>
/// </list>
/// </summary>
internal sealed class GuardedMqttChannel(
    MqttConnectionContext connection, int maximumPacketSize, TimeSpan sendTimeout, BrokerMetrics metrics, ILogger logger) : IMqttChannelAdapter
{
    private MqttConnectPacket? connect;
    private volatile bool closing;

    public long BytesReceived => connection.BytesReceived;

    public long BytesSent => connection.BytesSent;

    public X509Certificate2 ClientCertificate => connection.ClientCertificate;

    public EndPoint RemoteEndPoint => connection.RemoteEndPoint;

    public EndPoint LocalEndPoint => connection.LocalEndPoint;

    public bool IsSecureConnection => connection.IsSecureConnection;

    public MqttPacketFormatterAdapter PacketFormatterAdapter => connection.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => connection.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => connection.DisconnectAsync(cancellationToken);

    // After the CONNECT every packet goes straight through: no state machine of this class per packet.
    public Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken) =>
        connect is null ? ReceiveConnectAsync(cancellationToken) : connection.ReceivePacketAsync(cancellationToken);

    public void ResetStatistics() => connection.ResetStatistics();

    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        if (closing)
        {
            // Nothing may follow the DISCONNECT [MQTT-3.14.4-1]; failing tells MQTTnet the packet did not go out.
            return Task.FromException(new MqttCommunicationException("The connection is closing: a packet was too large."));
        }
        if (packet is MqttConnAckPacket connAck)
        {
            connAck.MaximumPacketSize = (uint)maximumPacketSize;
        }
        return connection.SendPacketAsync(packet, cancellationToken);
    }

    /// <summary>Answers a packet of <paramref name="size"/> bytes, over the maximum, as its protocol asks; the connection closes after.</summary>
    public async Task RefuseAsync(long size)
    {
        closing = true;
        metrics.ProtocolError("packet_too_large");
        logger.LogInformation("MQTT client {ClientId} from {Address} closed: a packet of {Size} bytes is above the maximum packet size of {Maximum}",
            connect?.ClientId, RemoteEndPoint, size, maximumPacketSize);
        // Before its CONNECT has been read there is no session to tell, and 3.1.1 has no DISCONNECT from the server.
        if (connect is null || PacketFormatterAdapter.ProtocolVersion != MqttProtocolVersion.V500)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(sendTimeout);
        try
        {
            // Straight to the connection, which serialises it with MQTTnet's own sends; MQTTnet's send path refuses now.
            await connection.SendPacketAsync(new MqttDisconnectPacket
            {
                ReasonCode = MqttDisconnectReasonCode.PacketTooLarge,
                ReasonString = $"A packet of {size} bytes is larger than this server's Maximum Packet Size of {maximumPacketSize} bytes.",
            }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The connection closes either way; the client may already have gone.
            logger.LogDebug(ex, "DISCONNECT (packet too large) not sent to MQTT client {ClientId}", connect.ClientId);
        }
    }

    public void Dispose() => connection.Dispose();

    private async Task<MqttPacket> ReceiveConnectAsync(CancellationToken cancellationToken)
    {
        var packet = await connection.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        if (packet is MqttConnectPacket first)
        {
            connect = first;
            if (string.IsNullOrEmpty(first.ClientId) && first.CleanSession && PacketFormatterAdapter.ProtocolVersion == MqttProtocolVersion.V311)
            {
                first.ClientId = AssignedClientId.For(first.Username);
            }
        }
        return packet;
    }
}
