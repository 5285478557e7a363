using Datawiz.Domain.Reviews;
using Datawiz.Domain.Variables;

namespace Datawiz.Domain.Sensors;

/// <summary>A kind of hardware Datawiz can generate code for, with what it measures.</summary>
public sealed class SensorType
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The board and sensor, e.g. "ESP8266 + DHT11".</summary>
    public string Hardware { get; set; } = "";

    public string? Description { get; set; }

    public List<MeasuredField> Fields { get; set; } = [];

    public List<CodeTemplate> CodeTemplates { get; set; } = [];

    public List<TemplateVariable> Variables { get; set; } = [];

    /// <summary>What the sensor can be told to do (an actuator such as the Sonoff Basic's POWER); empty for a sensor that only reports.</summary>
    public List<SensorCommand> Commands { get; set; } = [];

    public ReviewState Review { get; set; } = new();

    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Renewed by every write of the item; an edit names the stamp it was loaded with, so a form opened
    /// before someone else's save is refused instead of overwriting that save.
    /// </summary>
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>A value the sensor reports, e.g. temperature in °C.</summary>
public sealed class MeasuredField
{
    public string Key { get; set; } = "";

    public string Label { get; set; } = "";

    public string Unit { get; set; } = "";
}

/// <summary>One file of device code with <c>{{KEY}}</c> placeholders for the variables.</summary>
public sealed class CodeTemplate
{
    public string FileName { get; set; } = "";

    /// <summary>e.g. "cpp" (Arduino), "yaml", "json".</summary>
    public string Language { get; set; } = "";

    public string Content { get; set; } = "";
}
