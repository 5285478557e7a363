using System.Text;
using Datawiz.Domain.Telemetry;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class PayloadParserTests
{
    private const string Topic = "users/abc/sensors/s-1";
    private static readonly string[] Fields = ["temperature", "humidity"];
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);

    private static ParseResult Parse(string payload, string? suffix = null, PayloadLimits? limits = null) =>
        PayloadParser.Parse(Topic, suffix is null ? Topic : $"{Topic}/{suffix}", Encoding.UTF8.GetBytes(payload), Fields, Now, limits ?? PayloadLimits.Default);

    private static IReadOnlyList<ParsedReading> Readings(ParseResult result)
    {
        Assert.True(result.Succeeded, result.Reason);
        return result.Payload!.Readings;
    }

    private static void AssertRejected(ParseResult result, string kind, string reasonPart)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(kind, result.Kind);
        Assert.Contains(reasonPart, result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_thesis_payload_gives_its_two_readings_and_ignores_the_hostname()
    {
        var result = Parse("""{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}""");

        Assert.Equal([new ParsedReading("temperature", 24), new ParsedReading("humidity", 19)], Readings(result));
        Assert.Equal(Now, result.Payload!.Timestamp);
    }

    [Fact]
    public void Field_names_match_the_type_ignoring_case_and_unknown_numbers_are_kept()
    {
        var readings = Readings(Parse("""{"Temperature":21.5,"HUMIDITY":40,"battery":3.7}"""));

        Assert.Equal([new ParsedReading("temperature", 21.5), new ParsedReading("humidity", 40), new ParsedReading("battery", 3.7)], readings);
    }

    [Fact]
    public void Tasmota_sensor_json_is_flattened_and_named_by_the_type()
    {
        var readings = Readings(Parse("""{"Time":"2026-12-02T13:59:00","AM2301":{"Temperature":22.1,"Humidity":40,"DewPoint":8.1},"TempUnit":"C"}""", "tele/SENSOR"));

        Assert.Equal([new ParsedReading("temperature", 22.1), new ParsedReading("humidity", 40), new ParsedReading("AM2301.DewPoint", 8.1)], readings);
    }

    [Fact]
    public void A_second_sensor_with_the_same_field_keeps_its_own_name()
    {
        var readings = Readings(Parse("""{"DS18B20-1":{"Temperature":20},"DS18B20-2":{"Temperature":21}}""", "tele/SENSOR"));

        Assert.Equal([new ParsedReading("temperature", 20), new ParsedReading("DS18B20-2.Temperature", 21)], readings);
    }

    [Fact]
    public void Tasmota_state_keeps_numbers_and_power_as_one_or_zero()
    {
        var readings = Readings(Parse("""{"Time":"2026-12-02T13:59:00","UptimeSec":60,"POWER":"ON","Wifi":{"RSSI":76,"SSId":"home"}}""", "tele/STATE"));

        Assert.Contains(new ParsedReading("UptimeSec", 60), readings);
        Assert.Contains(new ParsedReading("power", 1), readings);
        Assert.Contains(new ParsedReading("Wifi.RSSI", 76), readings);
        Assert.Equal(3, readings.Count);
    }

    [Theory]
    [InlineData("stat/POWER", "ON", "power", 1)]
    [InlineData("stat/POWER", "off", "power", 0)]
    [InlineData("stat/POWER2", "ON", "power2", 1)]
    public void Tasmota_power_states_become_readings(string suffix, string payload, string field, double value)
    {
        Assert.Equal([new ParsedReading(field, value)], Readings(Parse(payload, suffix)));
    }

    [Fact]
    public void A_power_topic_with_something_else_is_rejected() =>
        AssertRejected(Parse("TOGGLE", "stat/POWER"), RejectionKinds.NotANumber, "ON or OFF");

    [Theory]
    [InlineData("temperature", "23.5", "temperature", 23.5)]
    [InlineData("Humidity", " 41 \n", "humidity", 41)]
    [InlineData("pressure", "1013.2", "pressure", 1013.2)]
    public void A_bare_number_on_a_field_topic_is_a_reading(string suffix, string payload, string field, double value)
    {
        Assert.Equal([new ParsedReading(field, value)], Readings(Parse(payload, suffix)));
    }

    [Theory]
    [InlineData("warm")]
    [InlineData("{\"value\":1}")]
    public void A_field_topic_without_a_number_is_rejected(string payload) =>
        AssertRejected(Parse(payload, "temperature"), RejectionKinds.NotANumber, "bare number");

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Not_finite_bare_numbers_are_rejected(string payload) =>
        AssertRejected(Parse(payload, "temperature"), RejectionKinds.NotFinite, "finite");

    [Fact]
    public void A_json_number_too_large_for_a_double_is_rejected() =>
        AssertRejected(Parse("""{"temperature":1e400}"""), RejectionKinds.NotFinite, "temperature");

    [Theory]
    [InlineData("tele/LWT")]
    [InlineData("cmnd/POWER")]
    [InlineData("a/b")]
    [InlineData("9lives")]
    public void Other_topics_below_the_sensor_are_not_telemetry(string suffix) =>
        AssertRejected(Parse("""{"temperature":1}""", suffix), RejectionKinds.WrongTopic, "not telemetry");

    [Fact]
    public void A_topic_outside_the_sensor_is_rejected()
    {
        var result = PayloadParser.Parse(Topic, Topic + "x", "1"u8, Fields, Now, PayloadLimits.Default);
        AssertRejected(result, RejectionKinds.WrongTopic, "not the sensor's topic");
    }

    [Theory]
    [InlineData("not json at all", RejectionKinds.NotJson)]
    [InlineData("{\"temperature\":24", RejectionKinds.NotJson)]
    [InlineData("{\"temperature\":24} trailing", RejectionKinds.NotJson)]
    [InlineData("[24, 19]", RejectionKinds.NotAnObject)]
    [InlineData("\"24\"", RejectionKinds.NotAnObject)]
    [InlineData("24", RejectionKinds.NotAnObject)]
    [InlineData("{\"hostname\":\"ESP\",\"ok\":true,\"list\":[1,2]}", RejectionKinds.NoNumericValue)]
    [InlineData("{}", RejectionKinds.NoNumericValue)]
    [InlineData("{\"temperature\":\"24\"}", RejectionKinds.NoNumericValue)]
    public void Payloads_without_usable_numbers_are_rejected_with_a_reason(string payload, string kind)
    {
        var result = Parse(payload);
        Assert.False(result.Succeeded);
        Assert.Equal(kind, result.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void An_empty_payload_is_rejected() => AssertRejected(Parse(""), RejectionKinds.Empty, "empty");

    [Fact]
    public void Limits_on_size_depth_and_fields_are_enforced_and_configurable()
    {
        var limits = new PayloadLimits(MaxBytes: 40, MaxDepth: 2, MaxFields: 2, MaxClockSkew: TimeSpan.FromMinutes(1));

        AssertRejected(Parse("""{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}""", limits: limits), RejectionKinds.TooLarge, "at most 40");
        AssertRejected(Parse("""{"a":{"b":{"c":1}}}""", limits: limits), RejectionKinds.TooDeep, "deeper than 2");
        AssertRejected(Parse("""{"a":1,"b":2,"c":3}""", limits: limits), RejectionKinds.TooManyFields, "more than 2");
        Assert.Equal(2, Readings(Parse("""{"a":{"b":1},"c":3}""", limits: limits)).Count);
    }

    [Fact]
    public void Nesting_deeper_than_the_default_is_rejected_as_too_deep_not_as_bad_json()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        AssertRejected(Parse(deep), RejectionKinds.TooDeep, "deeper");
    }

    [Fact]
    public void Deep_arrays_count_towards_the_depth_limit()
    {
        var limits = PayloadLimits.Default with { MaxDepth = 3 };
        AssertRejected(Parse("""{"t":1,"x":[[[1]]]}""", limits: limits), RejectionKinds.TooDeep, "deeper than 3");
    }

    [Fact]
    public void An_overlong_field_name_is_rejected()
    {
        var name = new string('x', PayloadParser.MaxFieldNameLength + 1);
        AssertRejected(Parse($$"""{"{{name}}":1}"""), RejectionKinds.BadFieldName, "too long");
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value() =>
        Assert.Equal([new ParsedReading("temperature", 2)], Readings(Parse("""{"temperature":1,"temperature":2}""")));

    [Theory]
    [InlineData("\"timestamp\":\"2026-12-02T13:58:00Z\"", "2026-12-02T13:58:00Z")]
    [InlineData("\"time\":\"2026-12-02T15:58:00+02:00\"", "2026-12-02T13:58:00Z")]
    [InlineData("\"ts\":1796219880", "2026-12-02T13:58:00Z")]
    [InlineData("\"ts\":1796219880000", "2026-12-02T13:58:00Z")]
    [InlineData("\"Time\":\"2026-12-02T13:58:00\"", "2026-12-02T13:58:00Z")]
    public void A_timestamp_within_the_skew_is_honoured_and_is_not_a_reading(string timestamp, string expected)
    {
        var result = Parse($$"""{"temperature":20,{{timestamp}}}""");

        Assert.Equal([new ParsedReading("temperature", 20)], Readings(result));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Payload!.Timestamp);
    }

    [Theory]
    [InlineData("\"timestamp\":\"2026-12-01T14:00:00Z\"")]
    [InlineData("\"ts\":0")]
    [InlineData("\"ts\":-5")]
    [InlineData("\"timestamp\":\"yesterday\"")]
    public void A_timestamp_outside_the_skew_or_unreadable_gives_the_receive_time(string timestamp)
    {
        var result = Parse($$"""{"temperature":20,{{timestamp}}}""");

        Assert.Equal(Now, Readings(result) is { Count: 1 } ? result.Payload!.Timestamp : default);
    }

    [Fact]
    public void The_skew_is_configurable()
    {
        var result = Parse("""{"temperature":20,"timestamp":"2026-12-01T14:00:00Z"}""", limits: PayloadLimits.Default with { MaxClockSkew = TimeSpan.FromDays(2) });

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), result.Payload!.Timestamp);
    }

    [Fact]
    public void A_nested_timestamp_key_is_an_ordinary_field() =>
        Assert.Contains(new ParsedReading("gps.ts", 5), Readings(Parse("""{"temperature":1,"gps":{"ts":5}}""")));
}
