using System.Buffers;
using System.IO.Pipelines;
using Datawiz.Infrastructure.Broker;
using MQTTnet.Exceptions;

namespace Datawiz.Web.Tests.Broker;

/// <summary>
/// <see cref="PacketSizeLimit"/> against a pipe, read the way MQTTnet.AspNetCore reads a connection (one packet per
/// read, the whole buffer marked examined while a packet is incomplete), with the bytes arriving in pieces.
/// </summary>
public sealed class PacketSizeLimitTests
{
    private const int Maximum = 300;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task Packets_up_to_the_maximum_pass_whole_and_in_order_however_the_bytes_arrive(int chunk)
    {
        byte[][] packets = [Packet(0x30, 10), Packet(0x30, Maximum - 3), Packet(0xC0, 0), Packet(0x30, 200), Packet(0x30, Maximum - 4)];
        var pipe = new Pipe();
        var limit = new PacketSizeLimit(pipe.Reader, Maximum);

        var writing = WriteAsync(pipe.Writer, packets.SelectMany(p => p).ToArray(), chunk, complete: true);
        var read = await ReadAllAsync(limit);
        await writing;

        Assert.Equal(Maximum, packets[1].Length);
        Assert.Equal(packets.Select(Convert.ToHexString), read.Select(Convert.ToHexString));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task The_packets_before_an_oversize_one_are_read_then_the_read_fails_after_refusing_without_its_body(int chunk)
    {
        byte[][] before = [Packet(0x30, 20), Packet(0xC0, 0)];
        var oversize = Packet(0x30, Maximum);
        var pipe = new Pipe();
        var limit = new PacketSizeLimit(pipe.Reader, Maximum);
        long? refused = null;
        limit.Refusing = size =>
        {
            refused = size;
            return Task.CompletedTask;
        };

        // Only the oversize packet's first bytes arrive, and the writer stays open.
        var writing = WriteAsync(pipe.Writer, [.. before.SelectMany(p => p), .. oversize.AsSpan(0, 10)], chunk, complete: false);
        var read = new List<byte[]>();
        var failure = await Assert.ThrowsAsync<MqttCommunicationException>(() => ReadAllAsync(limit, read));
        await writing;

        Assert.Equal(before.Select(Convert.ToHexString), read.Select(Convert.ToHexString));
        Assert.Equal(oversize.Length, refused);
        Assert.Contains($"{oversize.Length} bytes", failure.Message);
    }

    [Fact]
    public async Task The_body_of_an_oversize_packet_is_left_unexamined_so_the_transport_stops_taking_it()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32));
        var limit = new PacketSizeLimit(pipe.Reader, Maximum);
        var oversize = Packet(0x30, 1000);

        await pipe.Writer.WriteAsync(oversize.AsMemory(0, 10), Token);
        var result = await limit.ReadAsync(Token);
        limit.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        var rest = pipe.Writer.WriteAsync(oversize.AsMemory(10), Token);

        Assert.True(result.Buffer.IsEmpty);
        // Past the pause threshold the writer (the socket's reader) waits, instead of buffering all 1,003 bytes.
        Assert.False(rest.IsCompleted);
        await limit.CompleteAsync();
    }

    [Fact]
    public async Task A_malformed_remaining_length_is_left_to_mqttnet()
    {
        var pipe = new Pipe();
        var limit = new PacketSizeLimit(pipe.Reader, Maximum);

        await pipe.Writer.WriteAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 1, 2 }, Token);
        var result = await limit.ReadAsync(Token);

        Assert.Equal(8, result.Buffer.Length);
    }

    // A packet of the given type whose whole size, fixed header included, is 2 + bodyLength or more (a longer remaining length).
    private static byte[] Packet(byte type, int bodyLength)
    {
        var header = new List<byte> { type };
        var length = bodyLength;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            header.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);
        return [.. header, .. Enumerable.Range(0, bodyLength).Select(i => (byte)i)];
    }

    private static async Task WriteAsync(PipeWriter writer, byte[] bytes, int chunk, bool complete)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await writer.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), Token);
            // Lets the reader see each piece on its own.
            await Task.Yield();
        }
        if (complete)
        {
            await writer.CompleteAsync();
        }
    }

    // As MQTTnet.AspNetCore's MqttConnectionContext: one packet per read; an incomplete one marks the whole buffer examined.
    private static async Task<List<byte[]>> ReadAllAsync(PipeReader reader, List<byte[]>? packets = null)
    {
        packets ??= [];
        while (true)
        {
            var result = await reader.ReadAsync(Token);
            var buffer = result.Buffer;
            if (TryTakePacket(buffer, out var packet, out var end))
            {
                packets.Add(packet);
                reader.AdvanceTo(end, end);
                continue;
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return packets;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryTakePacket(ReadOnlySequence<byte> buffer, out byte[] packet, out SequencePosition end)
    {
        packet = [];
        end = buffer.Start;
        var bytes = buffer.Slice(0, Math.Min(buffer.Length, 5)).ToArray();
        var remaining = 0;
        for (var i = 1; i < bytes.Length; i++)
        {
            remaining |= (bytes[i] & 0x7F) << (7 * (i - 1));
            if ((bytes[i] & 0x80) == 0)
            {
                var size = 1 + i + remaining;
                if (buffer.Length < size)
                {
                    return false;
                }
                packet = buffer.Slice(0, size).ToArray();
                end = buffer.GetPosition(size);
                return true;
            }
        }
        return false;
    }
}
