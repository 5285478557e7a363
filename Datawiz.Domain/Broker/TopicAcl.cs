namespace Datawiz.Domain.Broker;

/// <summary>What kind of account a broker connection belongs to.</summary>
public enum BrokerRole
{
    /// <summary>A device with a sensor's credentials: its own topic and below.</summary>
    Sensor,

    /// <summary>
    /// A person (e.g. his Node-RED): his own prefix, and read-only the sensors his groups share with him. His
    /// prefix holds his own sensors' topics, so he may also publish to them (commands such as Tasmota's <c>cmnd/…</c>).
    /// </summary>
    User,

    /// <summary>Everywhere, including <c>$SYS</c>.</summary>
    Administrator,
}

/// <summary>Who is connected, as far as the topic ACL is concerned.</summary>
/// <param name="OwnPrefix">The topic a sensor, or the prefix a user, may publish and subscribe under.</param>
public sealed record BrokerIdentity(BrokerRole Role, Guid UserId, string Username, string OwnPrefix);

/// <summary>
/// The broker's topic ACL. Prefixes never contain wildcards, so a filter that starts with
/// <c>prefix/</c> (or is the prefix) can only ever match topics under that prefix, whatever wildcards follow.
/// </summary>
public static class TopicAcl
{
    /// <summary>Topics whose first level starts with '$' are the broker's own (<c>$SYS/…</c>).</summary>
    public static bool IsSystemTopic(string topicOrFilter) => topicOrFilter.StartsWith('$');

    public static bool MayPublish(BrokerIdentity who, string topic) => who.Role switch
    {
        BrokerRole.Administrator => true,
        _ => !IsSystemTopic(topic) && IsWithin(topic, who.OwnPrefix),
    };

    /// <param name="sharedSensorTopics">The topics of sensors shared with a user through his groups (read-only for him).</param>
    public static bool MaySubscribe(BrokerIdentity who, string filter, IEnumerable<string> sharedSensorTopics) => who.Role switch
    {
        BrokerRole.Administrator => true,
        _ when IsSystemTopic(filter) => false,
        BrokerRole.Sensor => IsWithin(filter, who.OwnPrefix),
        _ => IsWithin(filter, who.OwnPrefix) || sharedSensorTopics.Any(topic => IsWithin(filter, topic)),
    };

    /// <summary>Is <paramref name="topicOrFilter"/> the prefix itself or below it (level by level, not by characters)?</summary>
    public static bool IsWithin(string topicOrFilter, string prefix) =>
        topicOrFilter.Length == prefix.Length
            ? string.Equals(topicOrFilter, prefix, StringComparison.Ordinal)
            : topicOrFilter.Length > prefix.Length && topicOrFilter[prefix.Length] == '/' && topicOrFilter.StartsWith(prefix, StringComparison.Ordinal);
}

/// <summary>Protocol rules on topic names and filters that the broker library itself does not enforce.</summary>
public static class TopicSyntax
{
    /// <summary>Why a PUBLISH topic is a protocol error (MQTT 3.1.1 §4.7, 5.0 §4.7), or null when it is fine.</summary>
    public static string? PublishTopicProblem(string? topic, int maxBytes)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return "The topic is empty.";
        }
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return "Wildcards (+, #) are not allowed in a topic one publishes to.";
        }
        return CommonProblem(topic, maxBytes);
    }

    /// <summary>Why a SUBSCRIBE filter is not valid, or null when it is fine.</summary>
    public static string? FilterProblem(string? filter, int maxBytes)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return "The topic filter is empty.";
        }
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if ((level.Contains('#') && (level != "#" || i != levels.Length - 1)) || (level.Contains('+') && level != "+"))
            {
                return "A wildcard must fill a whole level, and # must be the last one.";
            }
        }
        return CommonProblem(filter, maxBytes);
    }

    private static string? CommonProblem(string value, int maxBytes)
    {
        if (value.Contains('\0'))
        {
            return "The topic contains a NUL character.";
        }
        return System.Text.Encoding.UTF8.GetByteCount(value) > maxBytes
            ? $"The topic is longer than {maxBytes} bytes."
            : null;
    }
}
