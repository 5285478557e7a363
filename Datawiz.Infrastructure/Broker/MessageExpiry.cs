using System.Buffers.Binary;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The Message Expiry Interval of MQTT 5 (§3.3.2.3.3), which MQTTnet 5.2 passes on unchanged and never applies: a
/// message is stamped with the time it arrived, and when it is about to be sent (queued for a session, retained,
/// or live) it is dropped once its interval has passed, or sent with the interval that remains.
/// </summary>
/// <remarks>
/// The stamp travels as a user property because the message is all that MQTTnet keeps of it; it is taken off every
/// outgoing packet, so no subscriber sees it, and a client cannot forge it since each arriving message is stamped anew.
/// </remarks>
public sealed class MessageExpiry(TimeProvider clock)
{
    private const string Stamp = "datawiz-received-ms";

    public void Attach(MqttServer server) => server.InterceptingOutboundPacketAsync += OnOutboundAsync;

    /// <summary>Called for every message a client or the app publishes, when it arrives.</summary>
    public void Received(MqttApplicationMessage message)
    {
        message.UserProperties?.RemoveAll(property => property.Name == Stamp);
        if (message.MessageExpiryInterval == 0)
        {
            return;
        }
        message.UserProperties ??= [];
        var received = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(received, clock.GetUtcNow().ToUnixTimeMilliseconds());
        message.UserProperties.Add(new MqttUserProperty(Stamp, new ReadOnlyMemory<byte>(received)));
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs outbound)
    {
        if (outbound.Packet is not MqttPublishPacket { UserProperties: { } properties } publish
            || properties.Find(property => property.Name == Stamp) is not { } stamp)
        {
            return Task.CompletedTask;
        }
        // A copy: the list belongs to the stored message, which other subscribers and later deliveries still read.
        var others = properties.Where(property => property.Name != Stamp).ToList();
        publish.UserProperties = others.Count == 0 ? null : others;
        var waited = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(stamp.ValueBuffer.Span));
        var remaining = publish.MessageExpiryInterval - Math.Max(0, Math.Floor(waited.TotalSeconds));
        if (remaining <= 0)
        {
            outbound.ProcessPacket = false;
            return Task.CompletedTask;
        }
        publish.MessageExpiryInterval = (uint)remaining;
        return Task.CompletedTask;
    }
}
