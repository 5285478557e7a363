namespace Datawiz.Domain.Telemetry;

/// <summary>One value a message carried, named by the sensor type's field when it is one of them.</summary>
public readonly record struct ParsedReading(string Field, double Value);

/// <summary>The readings of one message and the moment they were taken.</summary>
public sealed record ParsedPayload(DateTimeOffset Timestamp, IReadOnlyList<ParsedReading> Readings);

/// <summary>Either the readings, or the plain reason why the message is not telemetry.</summary>
public readonly record struct ParseResult(ParsedPayload? Payload, string? Reason)
{
    public static ParseResult Rejected(string reason) => new(null, reason);

    public bool Succeeded => Payload is not null;
}
