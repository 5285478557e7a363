namespace Datawiz.Domain.Telemetry;

/// <summary>What the parser accepts: bounds that keep one device from costing the portal much.</summary>
/// <param name="MaxBytes">Largest payload parsed at all.</param>
/// <param name="MaxDepth">Deepest nesting of JSON objects and arrays (Tasmota needs 2 or 3).</param>
/// <param name="MaxFields">Most readings one message may carry.</param>
/// <param name="MaxClockSkew">How far a timestamp in the payload may lie from the receive time and still be believed.</param>
public sealed record PayloadLimits(int MaxBytes, int MaxDepth, int MaxFields, TimeSpan MaxClockSkew)
{
    public static readonly PayloadLimits Default = new(16 * 1024, 8, 50, TimeSpan.FromMinutes(5));
}
