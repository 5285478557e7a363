using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using MQTTnet.Exceptions;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The bytes of one MQTT connection on their way to MQTTnet, which would buffer a packet of any announced length (up to
/// the protocol's 256 MB) until it is whole. This reads each packet's fixed header as it passes and hands MQTTnet nothing
/// of a packet larger than the maximum: the packets before it are read as usual, then <see cref="Refusing"/> answers the
/// client and the read fails, which closes the connection. The body of the oversize packet is never waited for.
/// </summary>
/// <remarks>
/// Nothing is copied: MQTTnet reads the transport's own buffer. Per packet this costs the look at its 2 to 5 header
/// bytes (once, however often MQTTnet reads the buffer again while the packet is incomplete), per read a few offsets.
/// The oversize packet's bytes are never marked examined, so the transport stops reading from the socket once its
/// pause threshold of them is buffered (Kestrel's sockets: 1 MiB); MQTTnet, which examines all it gets, would take all.
/// </remarks>
internal sealed class PacketSizeLimit(PipeReader transport, long maximum) : PipeReader
{
    // Offsets count bytes from the start of the connection.
    private ReadOnlySequence<byte> buffer;
    private long bufferStart;
    private long examinedEnd;
    private long nextHeader;
    private long oversizeStart = -1;
    private long oversize;
    private bool unreadable;
    private bool refused;

    /// <summary>
    /// Called once every packet before an oversize one has been consumed, with that packet's size; the read fails
    /// when the task completes.
    /// </summary>
    public Func<long, Task>? Refusing { get; set; }

    /// <summary>True once an oversize packet has been refused (the connection is closing because of it).</summary>
    public bool HasRefused => refused;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (bufferStart == oversizeStart)
        {
            return RefuseAsync();
        }
        var read = transport.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Inspect(read.Result)) : InspectAsync(read);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (bufferStart != oversizeStart && transport.TryRead(out var read))
        {
            result = Inspect(read);
            return true;
        }
        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        // GetOffset counts from the start of the transport's buffers, not of this sequence.
        var origin = buffer.GetOffset(buffer.Start);
        var examinedOffset = bufferStart + buffer.GetOffset(examined) - origin;
        if (examinedOffset < examinedEnd)
        {
            // Only after a buffer was cut short at an oversize packet whose header had begun in an earlier read; the
            // transport refuses to be told less than before, and nothing is left to hand out anyway.
            examined = buffer.GetPosition(examinedEnd - bufferStart);
            examinedOffset = examinedEnd;
        }
        bufferStart += buffer.GetOffset(consumed) - origin;
        examinedEnd = examinedOffset;
        buffer = default;
        transport.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => transport.CancelPendingRead();

    public override void Complete(Exception? exception = null) => transport.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => transport.CompleteAsync(exception);

    // Pooled: a read that waits for the network would otherwise allocate its state machine every time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> InspectAsync(ValueTask<ReadResult> read) => Inspect(await read.ConfigureAwait(false));

    private ReadResult Inspect(ReadResult read)
    {
        buffer = read.Buffer;
        if (oversizeStart < 0 && !unreadable)
        {
            FindOversize();
        }
        if (oversizeStart < 0)
        {
            return read;
        }
        // The packets before the oversize one, and not a byte of it.
        return new ReadResult(buffer.Slice(0, oversizeStart - bufferStart), read.IsCanceled, isCompleted: false);
    }

    private void FindOversize()
    {
        var offset = nextHeader - bufferStart;
        if (offset >= buffer.Length)
        {
            return;
        }
        var rest = buffer.Slice(offset);
        while (TryReadSize(rest, out var size))
        {
            if (size > maximum)
            {
                oversizeStart = nextHeader;
                oversize = size;
                return;
            }
            nextHeader += size;
            if (size >= rest.Length)
            {
                return;
            }
            rest = rest.Slice(size);
        }
    }

    // A fixed header is one byte of type and flags, then the remaining length in one to four bytes of seven bits each,
    // low digits first (MQTT 3.1.1 §2.2.3, 5.0 §1.5.5).
    private bool TryReadSize(in ReadOnlySequence<byte> packet, out long size)
    {
        Span<byte> copy = stackalloc byte[5];
        scoped ReadOnlySpan<byte> header = packet.FirstSpan;
        if (header.Length < 5 && packet.Length > header.Length)
        {
            var available = (int)Math.Min(packet.Length, 5);
            packet.Slice(0, available).CopyTo(copy);
            header = copy[..available];
        }
        var remaining = 0L;
        for (var i = 1; i < 5; i++)
        {
            if (i >= header.Length)
            {
                size = 0;
                return false;
            }
            remaining |= (long)(header[i] & 0x7F) << (7 * (i - 1));
            if ((header[i] & 0x80) == 0)
            {
                size = 1 + i + remaining;
                return true;
            }
        }
        // A fifth length byte: malformed, which MQTTnet refuses itself; nothing after it can be told apart.
        unreadable = true;
        size = 0;
        return false;
    }

    private async ValueTask<ReadResult> RefuseAsync()
    {
        if (!refused)
        {
            refused = true;
            if (Refusing is { } refusing)
            {
                await refusing(oversize).ConfigureAwait(false);
            }
        }
        throw new MqttCommunicationException($"A packet of {oversize} bytes is larger than the maximum packet size of {maximum} bytes.");
    }
}
