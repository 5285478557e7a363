using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Datawiz.Domain.Telemetry;

/// <summary>
/// Turns what a sensor published into readings. Where it was published says what to expect:
/// <list type="bullet">
/// <item>the sensor's own topic: a JSON object such as the thesis' <c>{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}</c>;</item>
/// <item><c>tele/SENSOR</c> and <c>tele/STATE</c> below it: Tasmota's nested JSON (its <c>POWER</c> states become 1 and 0);</item>
/// <item><c>stat/POWER</c> (or <c>POWER1</c>…<c>POWER8</c>): Tasmota's <c>ON</c> or <c>OFF</c>;</item>
/// <item>any other single level below it, <c>&lt;topic&gt;/temperature</c>: a bare number for that field.</item>
/// </list>
/// Numbers become readings, named by the sensor type's field when one matches (ignoring case), otherwise kept
/// under their own name (a nested one as <c>AM2301.DewPoint</c>) rather than lost. Strings, booleans and arrays
/// are ignored, not refused. A top-level <c>timestamp</c>, <c>time</c> or <c>ts</c> (ISO 8601, epoch seconds or
/// milliseconds) is believed when it lies within the allowed skew of the receive time.
/// </summary>
public static class PayloadParser
{
    public const int MaxFieldNameLength = 64;

    private static readonly string[] TimestampKeys = ["timestamp", "time", "ts"];

    // Below this an epoch number is read as seconds: 1e11 s is the year 5138, 1e11 ms is 1973.
    private const double EpochMillisecondsThreshold = 1e11;

    public static ParseResult Parse(
        string sensorTopic, string topic, ReadOnlySpan<byte> payload, IReadOnlyList<string> knownFields, DateTimeOffset receivedAt, PayloadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(sensorTopic);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(knownFields);
        ArgumentNullException.ThrowIfNull(limits);
        if (payload.Length > limits.MaxBytes)
        {
            return ParseResult.Rejected(RejectionKinds.TooLarge, $"The payload has {payload.Length} bytes; at most {limits.MaxBytes} are accepted.");
        }
        if (payload.IsEmpty)
        {
            return ParseResult.Rejected(RejectionKinds.Empty, "The payload is empty.");
        }
        string suffix;
        if (topic == sensorTopic)
        {
            suffix = "";
        }
        else if (topic.Length > sensorTopic.Length + 1 && topic.StartsWith(sensorTopic, StringComparison.Ordinal) && topic[sensorTopic.Length] == '/')
        {
            suffix = topic[(sensorTopic.Length + 1)..];
        }
        else
        {
            return ParseResult.Rejected(RejectionKinds.WrongTopic, $"The topic '{topic}' is not the sensor's topic or below it.");
        }

        return suffix switch
        {
            "" => ParseJson(payload, knownFields, receivedAt, limits, tasmota: false, sensorTopic),
            "tele/SENSOR" or "tele/STATE" => ParseJson(payload, knownFields, receivedAt, limits, tasmota: true, sensorTopic),
            _ when IsPowerTopic(suffix) => ParsePower(suffix["stat/".Length..], payload, knownFields, receivedAt),
            _ when IsFieldName(suffix) => ParseBareNumber(suffix, payload, knownFields, receivedAt),
            _ => ParseResult.Rejected(RejectionKinds.WrongTopic,
                $"'{suffix}' below the sensor's topic is not telemetry: publish JSON to the topic itself, Tasmota's tele/SENSOR, tele/STATE or stat/POWER, or a bare number to <topic>/<field>."),
        };
    }

    private static bool IsPowerTopic(string suffix) =>
        suffix == "stat/POWER" || (suffix.Length == "stat/POWER".Length + 1 && suffix.StartsWith("stat/POWER", StringComparison.Ordinal) && suffix[^1] is >= '1' and <= '8');

    private static bool IsFieldName(string name) =>
        name.Length <= MaxFieldNameLength && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static ParseResult ParseBareNumber(string field, ReadOnlySpan<byte> payload, IReadOnlyList<string> knownFields, DateTimeOffset receivedAt)
    {
        var text = Encoding.UTF8.GetString(payload).Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return ParseResult.Rejected(RejectionKinds.NotANumber, $"A field's own topic carries a bare number; '{Shorten(text)}' is not one.");
        }
        if (!double.IsFinite(value))
        {
            return ParseResult.Rejected(RejectionKinds.NotFinite, $"The value of '{field}' is not a finite number.");
        }
        return new ParseResult(new ParsedPayload(receivedAt, [new ParsedReading(Canonical(field, knownFields) ?? field, value)]), null);
    }

    private static ParseResult ParsePower(string name, ReadOnlySpan<byte> payload, IReadOnlyList<string> knownFields, DateTimeOffset receivedAt)
    {
        var text = Encoding.UTF8.GetString(payload).Trim();
        if (PowerState(text) is not { } value)
        {
            return ParseResult.Rejected(RejectionKinds.NotANumber, $"A power state is ON or OFF; '{Shorten(text)}' is neither.");
        }
        var field = name.ToLowerInvariant();
        return new ParseResult(new ParsedPayload(receivedAt, [new ParsedReading(Canonical(field, knownFields) ?? field, value)]), null);
    }

    private static double? PowerState(string text) =>
        text.Equals("ON", StringComparison.OrdinalIgnoreCase) ? 1
        : text.Equals("OFF", StringComparison.OrdinalIgnoreCase) ? 0
        : null;

    private static ParseResult ParseJson(
        ReadOnlySpan<byte> payload, IReadOnlyList<string> knownFields, DateTimeOffset receivedAt, PayloadLimits limits, bool tasmota, string sensorTopic)
    {
        // One more level than allowed, so that the parser's own check answers first, with a reason that says so.
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = limits.MaxDepth + 1 });
        var readings = new List<ParsedReading>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Names of the enclosing objects; null for an array, whose contents are ignored.
        var path = new List<string?>();
        var arrays = 0;
        string? name = null;
        DateTimeOffset? timestamp = null;
        try
        {
            if (!reader.Read())
            {
                return ParseResult.Rejected(RejectionKinds.NotJson, "The payload is not valid JSON.");
            }
            if (reader.TokenType == JsonTokenType.Number)
            {
                return ParseResult.Rejected(RejectionKinds.NotAnObject, $"A bare number belongs on its field's own topic, e.g. {sensorTopic}/temperature.");
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return ParseResult.Rejected(RejectionKinds.NotAnObject, "The payload must be a JSON object.");
            }
            path.Add("");
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        name = reader.GetString();
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (reader.CurrentDepth + 1 > limits.MaxDepth)
                        {
                            return ParseResult.Rejected(RejectionKinds.TooDeep, $"The JSON is nested deeper than {limits.MaxDepth} levels.");
                        }
                        var isArray = reader.TokenType == JsonTokenType.StartArray;
                        arrays += isArray ? 1 : 0;
                        path.Add(isArray ? null : name ?? "");
                        name = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        arrays -= reader.TokenType == JsonTokenType.EndArray ? 1 : 0;
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.Number when arrays == 0 && name is not null:
                        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
                        {
                            return ParseResult.Rejected(RejectionKinds.NotFinite, $"The value of '{name}' is not a finite number.");
                        }
                        if (path.Count == 1 && IsTimestampKey(name))
                        {
                            timestamp = FromEpoch(value);
                        }
                        else if (Add(readings, used, path, name, value, knownFields) is { } error)
                        {
                            return ParseResult.Rejected(RejectionKinds.BadFieldName, error);
                        }
                        break;
                    case JsonTokenType.String when arrays == 0 && name is not null:
                        if (path.Count == 1 && IsTimestampKey(name))
                        {
                            timestamp = FromText(reader.GetString());
                        }
                        else if (tasmota && name.StartsWith("POWER", StringComparison.Ordinal) && PowerState(reader.GetString() ?? "") is { } power
                            && Add(readings, used, path, name.ToLowerInvariant(), power, knownFields) is { } powerError)
                        {
                            return ParseResult.Rejected(RejectionKinds.BadFieldName, powerError);
                        }
                        break;
                }
                if (readings.Count > limits.MaxFields)
                {
                    return ParseResult.Rejected(RejectionKinds.TooManyFields, $"The message carries more than {limits.MaxFields} numeric fields.");
                }
            }
        }
        catch (JsonException)
        {
            return ParseResult.Rejected(RejectionKinds.NotJson, "The payload is not valid JSON.");
        }
        if (readings.Count == 0)
        {
            return ParseResult.Rejected(RejectionKinds.NoNumericValue, "The payload contains no numeric value.");
        }
        var takenAt = timestamp is { } t && (t - receivedAt).Duration() <= limits.MaxClockSkew ? t : receivedAt;
        return new ParseResult(new ParsedPayload(takenAt, readings), null);
    }

    private static string? Add(List<ParsedReading> readings, HashSet<string> used, List<string?> path, string name, double value, IReadOnlyList<string> knownFields)
    {
        // path[0] is the root object; the names after it are the enclosing objects (Tasmota's "AM2301").
        var nested = path.Count > 1 ? string.Join('.', path.Skip(1)) + "." + name : name;
        var field = Canonical(nested.Replace('.', '_'), knownFields) is { } whole && !used.Contains(whole) ? whole
            : Canonical(name, knownFields) is { } leaf && !used.Contains(leaf) ? leaf
            : nested;
        if (field.Length == 0 || field.Length > MaxFieldNameLength || field.Any(char.IsControl))
        {
            return $"The field name '{Shorten(field)}' is empty, too long (at most {MaxFieldNameLength}) or has control characters.";
        }
        var existing = readings.FindIndex(r => r.Field == field);
        if (existing >= 0)
        {
            // A repeated key: the last value counts, as for any JSON reader that keeps one.
            readings[existing] = new ParsedReading(field, value);
        }
        else
        {
            readings.Add(new ParsedReading(field, value));
            used.Add(field);
        }
        return null;
    }

    private static string? Canonical(string name, IReadOnlyList<string> knownFields)
    {
        foreach (var known in knownFields)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return null;
    }

    private static bool IsTimestampKey(string name) => TimestampKeys.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static DateTimeOffset? FromEpoch(double value)
    {
        var milliseconds = value < EpochMillisecondsThreshold ? value * 1000 : value;
        return milliseconds is >= 0 and <= 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds) : null;
    }

    // Tasmota's "Time" has no offset; it is read as UTC (the device's NTP time zone is unknown here), and the skew
    // check then keeps a wrong guess from placing readings hours away.
    private static DateTimeOffset? FromText(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
