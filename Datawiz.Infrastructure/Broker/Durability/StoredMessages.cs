using System.Buffers;
using System.Text.Json;
using Datawiz.Domain.Broker;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>Copies an MQTT application message into the broker's tables and back, field for field.</summary>
public static class StoredMessages
{
    public static T Store<T>(T row, MqttApplicationMessage message)
        where T : StoredMqttMessage
    {
        row.Topic = message.Topic;
        row.Payload = message.Payload.IsEmpty ? [] : message.Payload.ToArray();
        row.QualityOfService = (int)message.QualityOfServiceLevel;
        row.ContentType = message.ContentType;
        row.ResponseTopic = message.ResponseTopic;
        row.CorrelationData = message.CorrelationData;
        row.PayloadFormat = (int)message.PayloadFormatIndicator;
        row.MessageExpiryInterval = message.MessageExpiryInterval;
        row.UserProperties = message.UserProperties is { Count: > 0 } properties
            ? JsonSerializer.Serialize(properties.Select(p => new[] { p.Name, Convert.ToBase64String(p.ValueBuffer.Span) }))
            : null;
        return row;
    }

    public static MqttApplicationMessage Restore(StoredMqttMessage row) => new()
    {
        Topic = row.Topic,
        Payload = new ReadOnlySequence<byte>(row.Payload),
        QualityOfServiceLevel = (MqttQualityOfServiceLevel)row.QualityOfService,
        ContentType = row.ContentType,
        ResponseTopic = row.ResponseTopic,
        CorrelationData = row.CorrelationData,
        PayloadFormatIndicator = (MqttPayloadFormatIndicator)row.PayloadFormat,
        MessageExpiryInterval = (uint)row.MessageExpiryInterval,
        UserProperties = row.UserProperties is null
            ? null
            : [.. JsonSerializer.Deserialize<string[][]>(row.UserProperties)!.Select(p => new MqttUserProperty(p[0], new ReadOnlyMemory<byte>(Convert.FromBase64String(p[1]))))],
    };
}
