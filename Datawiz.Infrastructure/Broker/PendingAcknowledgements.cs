using System.Collections;
using System.Collections.Concurrent;
using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// One connection's QoS 1/2 publishes whose PUBACK or PUBREC waits for their readings' commit, by packet identifier.
/// Kept in the session's items and replaced on every connect: an acknowledgement never outlives its connection.
/// </summary>
public sealed class PendingAcknowledgements
{
    private const string Item = "datawiz.pending-acks";

    private readonly ConcurrentDictionary<ushort, Task<IngestionResult>> pending = new();

    /// <summary>
    /// The identifier of the PUBLISH being handled: MQTTnet shows it to the inbound-packet interceptor but not to the
    /// publish interceptor, and both run one after the other on the connection's receive loop.
    /// </summary>
    public ushort CurrentPacketId { get; set; }

    /// <summary>Set once an MQTT 3.1.1 connection could not store a message: it gets no more acknowledgements and is closed.</summary>
    public bool Abandoned { get; set; }

    /// <summary>The acknowledgement of the PUBLISH being handled waits for <paramref name="commit"/>.</summary>
    public void HoldCurrent(Task<IngestionResult> commit) => pending[CurrentPacketId] = commit;

    public bool TryRelease(ushort packetId, out Task<IngestionResult> commit) => pending.TryRemove(packetId, out commit!);

    public static PendingAcknowledgements StartConnection(IDictionary sessionItems)
    {
        var fresh = new PendingAcknowledgements();
        sessionItems[Item] = fresh;
        return fresh;
    }

    public static PendingAcknowledgements? Of(IDictionary? sessionItems) => sessionItems?[Item] as PendingAcknowledgements;
}
