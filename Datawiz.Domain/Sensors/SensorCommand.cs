using System.Globalization;

namespace Datawiz.Domain.Sensors;

/// <summary>
/// Something a sensor of the type can be told to do, as Tasmota names it: a command (<c>POWER</c>) and the payloads it
/// accepts (<c>ON</c>, <c>OFF</c>, <c>TOGGLE</c>). The portal publishes a payload to the sensor's
/// <see cref="CommandTopic"/>, where the device subscribes.
/// </summary>
public sealed class SensorCommand
{
    /// <summary>The topic level after <c>cmnd/</c>, e.g. "POWER".</summary>
    public string Name { get; set; } = "";

    /// <summary>What the sensor page calls it; the name when empty.</summary>
    public string Label { get; set; } = "";

    public List<string> Payloads { get; set; } = [];

    /// <summary>
    /// The reading that tells the current state, e.g. "power": Tasmota reports <c>stat/POWER</c> <c>ON</c>/<c>OFF</c>,
    /// which is stored as the reading <c>power</c> 1/0. Empty when the sensor reports no state for the command.
    /// </summary>
    public string StateField { get; set; } = "";

    public string ShownName => string.IsNullOrWhiteSpace(Label) ? Name : Label;

    /// <summary>
    /// Where the command is published: <c>&lt;sensor topic&gt;/cmnd/&lt;name&gt;</c>, the topic Tasmota subscribes to with
    /// the FullTopic <c>&lt;sensor topic&gt;/%prefix%/</c> that also puts its <c>stat/</c> and <c>tele/</c> under the sensor's topic.
    /// </summary>
    public static string CommandTopic(string sensorTopic, string name) => $"{sensorTopic}/cmnd/{name}";

    /// <summary>
    /// The state a reading of <see cref="StateField"/> stands for: 1 and 0 read as ON and OFF when the command takes those
    /// payloads (as the payload parser stores Tasmota's states), any other value as the number.
    /// </summary>
    public string StateText(double value)
    {
        var on = Payloads.FirstOrDefault(p => p.Equals("ON", StringComparison.OrdinalIgnoreCase));
        var off = Payloads.FirstOrDefault(p => p.Equals("OFF", StringComparison.OrdinalIgnoreCase));
        return value switch
        {
            1 when on is not null => on,
            0 when off is not null => off,
            _ => value.ToString("0.###", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The declared payload that <paramref name="payload"/> names (upper or lower case alike), or null.</summary>
    public string? DeclaredPayload(string? payload) =>
        payload is null ? null : Payloads.FirstOrDefault(p => p.Equals(payload.Trim(), StringComparison.OrdinalIgnoreCase));

    public SensorCommand Copy() => new() { Name = Name, Label = Label, Payloads = [.. Payloads], StateField = StateField };
}
