using System.Net.Sockets;
using System.Text;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// Hand-written MQTT 3.1.1 packets over a bare socket, for what real clients refuse to send (wildcards or a
/// NUL in a publish topic): the broker's answer to a protocol error can only be seen this way.
/// </summary>
public sealed class RawMqttClient : IDisposable
{
    private readonly TcpClient tcp = new();
    private NetworkStream stream = null!;

    public static async Task<RawMqttClient> ConnectAsync(int port, string username, string password)
    {
        var client = new RawMqttClient();
        await client.tcp.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
        client.stream = client.tcp.GetStream();
        var variableHeader = new List<byte>();
        variableHeader.AddRange(Text("MQTT"));
        variableHeader.Add(4); // protocol level 3.1.1
        variableHeader.Add(0b1100_0010); // username, password, clean session
        variableHeader.AddRange([0, 60]);
        variableHeader.AddRange(Text($"raw-{Guid.NewGuid():N}"));
        variableHeader.AddRange(Text(username));
        variableHeader.AddRange(Text(password));
        await client.SendAsync(0x10, variableHeader);
        var connAck = await client.ReadAsync(4);
        if (connAck.Length != 4 || connAck[0] != 0x20 || connAck[3] != 0)
        {
            throw new InvalidOperationException($"CONNACK was {Convert.ToHexString(connAck)}");
        }
        return client;
    }

    public Task PublishAsync(string topic, string payload)
    {
        var body = new List<byte>(Text(topic));
        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return SendAsync(0x30, body);
    }

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
        catch (IOException)
        {
            return true;
        }
    }

    private async Task SendAsync(byte header, List<byte> body)
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
        await stream.WriteAsync(packet.ToArray(), TestContext.Current.CancellationToken);
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

    private static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [(byte)(bytes.Length >> 8), (byte)(bytes.Length & 0xFF), .. bytes];
    }

    public void Dispose() => tcp.Dispose();
}
