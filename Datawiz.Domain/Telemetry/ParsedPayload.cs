namespace Datawiz.Domain.Telemetry;

/// <summary>One value a message carried, named by the sensor type's field when it is one of them.</summary>
public readonly record struct ParsedReading(string Field, double Value);

/// <summary>The readings of one message and the moment they were taken.</summary>
public sealed record ParsedPayload(DateTimeOffset Timestamp, IReadOnlyList<ParsedReading> Readings);

/// <summary>Either the readings, or the plain reason why the message is not telemetry.</summary>
/// <param name="Kind">A short fixed name for the reason (<see cref="RejectionKinds"/>), for metrics that must not grow with every topic.</param>
public readonly record struct ParseResult(ParsedPayload? Payload, string? Reason, string? Kind = null)
{
    public static ParseResult Rejected(string kind, string reason) => new(null, reason, kind);

    public bool Succeeded => Payload is not null;
}

/// <summary>The kinds of rejection, as metric labels.</summary>
public static class RejectionKinds
{
    public const string TooLarge = "too_large";
    public const string Empty = "empty";
    public const string WrongTopic = "wrong_topic";
    public const string NotANumber = "not_a_number";
    public const string NotFinite = "not_finite";
    public const string NotJson = "not_json";
    public const string NotAnObject = "not_an_object";
    public const string TooDeep = "too_deep";
    public const string TooManyFields = "too_many_fields";
    public const string NoNumericValue = "no_numeric_value";
    public const string BadFieldName = "bad_field_name";
}
