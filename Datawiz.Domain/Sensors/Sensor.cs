using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>A user's device, with its own MQTT credentials and topic.</summary>
public sealed class Sensor
{
    public Guid Id { get; set; }

    public Guid OwnerId { get; set; }

    public Guid SensorTypeId { get; set; }

    public Guid? NetworkId { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Values for the type's variables; those of secret variables are encrypted.</summary>
    public List<VariableValue> Values { get; set; } = [];

    public string MqttUsername { get; set; } = "";

    /// <summary>The MQTT password's hash; the password itself is shown once and never stored.</summary>
    public string MqttPasswordHash { get; set; } = "";

    public string TopicPrefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>How often the device is meant to send, in seconds; null: <see cref="SensorPresence.DefaultExpectedInterval"/>.</summary>
    public int? ExpectedIntervalSeconds { get; set; }

    public List<SensorShare> Shares { get; set; } = [];
}

/// <summary>A sensor shown, read-only, to the members of a group.</summary>
public sealed class SensorShare
{
    public Guid SensorId { get; set; }

    public Guid GroupId { get; set; }
}
