using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>What the sensor form edits. Tags are typed as one text; values are keyed by variable key.</summary>
public sealed class SensorInput
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public Guid? SensorTypeId { get; set; }

    public Guid? NetworkId { get; set; }

    public string? Tags { get; set; }

    /// <summary>How often the device sends, in seconds; null: the default (<see cref="Domain.Sensors.SensorPresence"/>).</summary>
    public int? ExpectedIntervalSeconds { get; set; }

    /// <summary>An empty secret means "keep the stored one" when editing.</summary>
    public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);
}

public sealed record SensorQuery(PageRequest Page, Guid? SensorTypeId = null, string? Tag = null);

/// <param name="ReadOnly">Shared with the actor through a group: shown, never changed.</param>
/// <param name="OwnerName">Whose it is, for sensors the actor does not own.</param>
public sealed record SensorListItem(
    Guid Id, string Name, string TypeName, string? NetworkName, IReadOnlyList<string> Tags, string MqttUsername,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, bool ReadOnly, string? OwnerName);

/// <param name="Value">Null for secrets, which are never shown back.</param>
/// <param name="IsSet">Whether a value is stored, so the page can say "a secret is stored" without showing it.</param>
public sealed record SensorValueView(string Key, string Label, VariableType Type, string? Value, bool IsSet);

public sealed record SensorDetails(
    Guid Id, Guid OwnerId, string? OwnerName, string Name, string? Description,
    Guid SensorTypeId, string TypeName, ReviewStatus TypeStatus, Guid? NetworkId, string? NetworkName,
    IReadOnlyList<string> Tags, IReadOnlyList<SensorValueView> Values, string MqttUsername, string TopicPrefix,
    DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, int? ExpectedIntervalSeconds, bool CanEdit)
{
    /// <summary>The form model for editing, with secrets left empty (empty keeps the stored secret).</summary>
    public SensorInput ToInput() => new()
    {
        Name = Name,
        Description = Description,
        SensorTypeId = SensorTypeId,
        NetworkId = NetworkId,
        Tags = string.Join(", ", Tags),
        ExpectedIntervalSeconds = ExpectedIntervalSeconds,
        Values = Values.ToDictionary(v => v.Key, v => v.Type == VariableType.Secret ? null : v.Value, StringComparer.Ordinal),
    };
}

public sealed record SensorTypeChoice(Guid Id, string Name, string Hardware, ReviewStatus Status, IReadOnlyList<TemplateVariable> Variables);

/// <summary>Something picked by name in a form or filter (a network, a type).</summary>
public sealed record NamedItem(Guid Id, string Name);

/// <summary>What a sensor form may offer: approved types (plus a sensor's current type if since deprecated) and the owner's networks.</summary>
public sealed record SensorFormOptions(IReadOnlyList<SensorTypeChoice> Types, IReadOnlyList<NamedItem> Networks);

public sealed record SensorFilterOptions(IReadOnlyList<NamedItem> Types, IReadOnlyList<string> Tags);

public sealed record GroupShareOption(Guid GroupId, string Name, bool Shared);
