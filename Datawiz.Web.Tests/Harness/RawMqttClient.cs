using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Datawiz.Infrastructure.Broker;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// Hand-written MQTT packets over a bare TCP connection or WebSocket, for what real clients refuse to send (wildcards
/// or a NUL in a publish topic, an empty 3.1.1 client id, an oversize packet), or half a packet, or nothing at all:
/// the broker's answer can only be seen this way.
/// </summary>
public sealed class RawMqttClient : IDisposable
{
    private readonly IDisposable connection;
    private readonly Stream stream;

    private RawMqttClient(IDisposable connection, Stream stream)
    {
        this.connection = connection;
        this.stream = stream;
    }

    /// <summary>A bare TCP connection that has sent nothing yet; <paramref name="from"/> another loopback address (127.0.0.2…).</summary>
    public static async Task<RawMqttClient> OpenAsync(int port, IPAddress? from = null)
    {
        var tcp = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        return new RawMqttClient(tcp, tcp.GetStream());
    }

    /// <summary>A connection over TCP or over WebSocket at the portal's <see cref="MqttOptions.WebSocketPath"/>, each write one binary message.</summary>
    public static async Task<RawMqttClient> OpenAsync(DatawizApp app, MqttTransport transport)
    {
        if (transport == MqttTransport.Tcp)
        {
            return await OpenAsync(app.MqttPort);
        }
        var webSocket = new ClientWebSocket();
        webSocket.Options.AddSubProtocol("mqtt");
        await webSocket.ConnectAsync(new Uri($"ws://{app.BaseAddress.Authority}{MqttOptions.WebSocketPath}"), TestContext.Current.CancellationToken);
        return new RawMqttClient(webSocket, WebSocketStream.Create(webSocket, WebSocketMessageType.Binary, ownsWebSocket: true));
    }

    public static async Task<RawMqttClient> ConnectAsync(int port, string username, string password, ushort keepAliveSeconds = 60)
    {
        var client = await OpenAsync(port);
        var code = await client.ConnectCodeAsync(username, password, keepAliveSeconds);
        if (code != 0)
        {
            throw new InvalidOperationException($"CONNACK return code was {code}");
        }
        return client;
    }

    /// <summary>
    /// A CONNECT in either protocol version (4 = 3.1.1, 5 = 5.0), with an optional will; <paramref name="willDelaySeconds"/>
    /// and <paramref name="sessionExpirySeconds"/> are sent only on 5.0. Returns the CONNACK's reason (3.1.1: return) code.
    /// </summary>
    public async Task<byte> SendConnectAsync(
        byte protocolLevel, string clientId, string username, string password, bool cleanSession = true,
        (string Topic, string Payload)? will = null, uint willDelaySeconds = 0, uint sessionExpirySeconds = 0)
    {
        var body = new List<byte>();
        body.AddRange(Text("MQTT"));
        body.Add(protocolLevel);
        body.Add((byte)(0b1100_0000 | (cleanSession ? 0b10 : 0) | (will is null ? 0 : 0b100)));
        body.AddRange([0, 60]);
        if (protocolLevel == 5)
        {
            // CONNECT properties: 0x11 Session Expiry Interval (four-byte integer).
            body.AddRange(sessionExpirySeconds == 0 ? [0] : [5, 0x11, .. FourBytes(sessionExpirySeconds)]);
        }
        body.AddRange(Text(clientId));
        if (will is { } w)
        {
            if (protocolLevel == 5)
            {
                // Will properties: 0x18 Will Delay Interval (four-byte integer).
                body.AddRange(willDelaySeconds == 0 ? [0] : [5, 0x18, .. FourBytes(willDelaySeconds)]);
            }
            body.AddRange(Text(w.Topic));
            body.AddRange(Text(w.Payload));
        }
        body.AddRange(Text(username));
        body.AddRange(Text(password));
        await SendAsync(0x10, body);
        var (type, connAck) = await ReadPacketAsync();
        if (type != 0x20 || connAck.Length < 2)
        {
            throw new InvalidOperationException($"expected CONNACK, got packet type 0x{type:X2}");
        }
        SessionPresent = (connAck[0] & 1) != 0;
        return connAck[1];
    }

    /// <summary>The Session Present flag of the last CONNACK <see cref="SendConnectAsync"/> read.</summary>
    public bool SessionPresent { get; private set; }

    /// <summary>Sends PUBACK (0x40), PUBREC (0x50), PUBREL (0x62) or PUBCOMP (0x70) for <paramref name="packetId"/>, with success.</summary>
    public Task AcknowledgeAsync(byte header, ushort packetId) => SendAsync(header, [(byte)(packetId >> 8), (byte)packetId]);

    /// <summary>The packet identifier of a QoS 1/2 PUBLISH, or of an acknowledgement (its first byte and body).</summary>
    public static ushort PacketIdentifierOf(byte header, byte[] body)
    {
        var offset = (header & 0xF0) == 0x30 ? 2 + ((body[0] << 8) | body[1]) : 0;
        return (ushort)((body[offset] << 8) | body[offset + 1]);
    }

    /// <summary>The next packet: its first byte and its body (after the remaining length).</summary>
    public async Task<(byte Type, byte[] Body)> ReadPacketAsync()
    {
        var header = await ReadAsync(1);
        if (header.Length == 0)
        {
            throw new IOException("The server closed the connection.");
        }
        var length = 0;
        var multiplier = 1;
        byte digit;
        do
        {
            digit = (await ReadAsync(1))[0];
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((digit & 0x80) != 0);
        return (header[0], await ReadAsync(length));
    }

    /// <summary>Sends any packet: its first byte and its body (the remaining length is added).</summary>
    public Task SendPacketAsync(byte header, IEnumerable<byte> body) => SendAsync(header, [.. body]);

    private Task SendAsync(byte header, List<byte> body) => SendBytesAsync(Packet(header, body));

    /// <summary>Sends a CONNECT and returns the CONNACK's return code (3.1.1: 0 accepted, 3 server unavailable, 4 bad username or password).</summary>
    public async Task<int> ConnectCodeAsync(string username, string password, ushort keepAliveSeconds = 60)
    {
        await SendBytesAsync(ConnectPacket(username, password, keepAliveSeconds));
        var connAck = await ReadAsync(4);
        if (connAck.Length != 4 || connAck[0] != 0x20)
        {
            throw new InvalidOperationException($"CONNACK was {Convert.ToHexString(connAck)}");
        }
        return connAck[3];
    }

    public static byte[] ConnectPacket(string username, string password, ushort keepAliveSeconds = 60)
    {
        var variableHeader = new List<byte>();
        variableHeader.AddRange(Text("MQTT"));
        variableHeader.Add(4); // protocol level 3.1.1
        variableHeader.Add(0b1100_0010); // username, password, clean session
        variableHeader.AddRange([(byte)(keepAliveSeconds >> 8), (byte)(keepAliveSeconds & 0xFF)]);
        variableHeader.AddRange(Text($"raw-{Guid.NewGuid():N}"));
        variableHeader.AddRange(Text(username));
        variableHeader.AddRange(Text(password));
        return Packet(0x10, variableHeader);
    }

    /// <summary>A QoS 0 PUBLISH.</summary>
    public static byte[] PublishPacket(string topic, string payload)
    {
        var body = new List<byte>(Text(topic));
        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return Packet(0x30, body);
    }

    public Task PublishAsync(string topic, string payload) => SendBytesAsync(PublishPacket(topic, payload));

    /// <summary>A PUBLISH at <paramref name="qos"/> (1 or 2 with <paramref name="packetId"/>) in either protocol version (5.0 with no properties).</summary>
    public static byte[] PublishPacket(string topic, byte[] payload, byte qos, ushort packetId, byte protocolLevel)
    {
        var body = new List<byte>(Text(topic));
        if (qos > 0)
        {
            body.AddRange([(byte)(packetId >> 8), (byte)packetId]);
        }
        if (protocolLevel == 5)
        {
            body.Add(0);
        }
        body.AddRange(payload);
        return Packet((byte)(0x30 | (qos << 1)), body);
    }

    /// <summary>A QoS 1 PUBLISH of exactly <paramref name="totalBytes"/> bytes, fixed header included, its payload filled up with 'x'.</summary>
    public static byte[] PublishPacketOfSize(string topic, int totalBytes, byte protocolLevel)
    {
        var empty = PublishPacket(topic, [], qos: 1, packetId: 1, protocolLevel);
        // The remaining length grows by a byte as the payload crosses 127, 16,383 and 2,097,151 bytes.
        for (var payload = totalBytes - empty.Length; payload >= 0; payload--)
        {
            var packet = PublishPacket(topic, Enumerable.Repeat((byte)'x', payload).ToArray(), qos: 1, packetId: 1, protocolLevel);
            if (packet.Length == totalBytes)
            {
                return packet;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(totalBytes), totalBytes, "No PUBLISH has exactly this size.");
    }

    /// <summary>A SUBSCRIBE to one filter; returns the SUBACK's return (5.0: reason) code.</summary>
    public async Task<byte> SubscribeAsync(string filter, byte qos, ushort packetId, byte protocolLevel)
    {
        var body = new List<byte> { (byte)(packetId >> 8), (byte)packetId };
        if (protocolLevel == 5)
        {
            body.Add(0);
        }
        body.AddRange(Text(filter));
        body.Add(qos);
        await SendAsync(0x82, body);
        var (type, subAck) = await ReadPacketAsync();
        if (type != 0x90)
        {
            throw new InvalidOperationException($"expected SUBACK, got packet type 0x{type:X2}");
        }
        return subAck[^1];
    }

    /// <summary>The topic and payload of a received PUBLISH (its first byte and body, as from <see cref="ReadPacketAsync"/>).</summary>
    public static (string Topic, string Payload) ReadPublish(byte header, byte[] body, byte protocolLevel)
    {
        if ((header & 0xF0) != 0x30)
        {
            throw new InvalidOperationException($"expected PUBLISH, got packet type 0x{header:X2}");
        }
        var topicLength = (body[0] << 8) | body[1];
        var offset = 2 + topicLength + ((header & 0b110) != 0 ? 2 : 0);
        if (protocolLevel == 5)
        {
            var (propertiesLength, lengthBytes) = VariableByteInteger(body.AsSpan(offset));
            offset += lengthBytes + propertiesLength;
        }
        return (Encoding.UTF8.GetString(body, 2, topicLength), Encoding.UTF8.GetString(body, offset, body.Length - offset));
    }

    /// <summary>Sends bytes as they are: a whole packet, or the first part of one.</summary>
    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes) => await stream.WriteAsync(bytes, TestContext.Current.CancellationToken);

    /// <summary>True once the broker has closed the connection (a read returns nothing).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            var buffer = new byte[16];
            return await stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (Exception ex) when (ex is IOException or WebSocketException)
        {
            return true;
        }
    }

    private static byte[] Packet(byte header, List<byte> body)
    {
        var packet = new List<byte> { header };
        var length = body.Count;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        packet.AddRange(body);
        return packet.ToArray();
    }

    private async Task<byte[]> ReadAsync(int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), TestContext.Current.CancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return buffer[..read];
    }

    private static (int Value, int Bytes) VariableByteInteger(ReadOnlySpan<byte> bytes)
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            value |= (bytes[i] & 0x7F) << (7 * i);
            if ((bytes[i] & 0x80) == 0)
            {
                return (value, i + 1);
            }
        }
        throw new InvalidOperationException("malformed variable byte integer");
    }

    private static byte[] FourBytes(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [(byte)(bytes.Length >> 8), (byte)(bytes.Length & 0xFF), .. bytes];
    }

    public void Dispose()
    {
        stream.Dispose();
        connection.Dispose();
    }
}
