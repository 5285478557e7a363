using System.Text;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorCsvTests
{
    private static readonly SensorCsvType Dht = new(Guid.NewGuid(), "DHT11", [
        new TemplateVariable { Key = "interval", Label = "Interval", Type = VariableType.Int, Min = 1, Max = 3600, DefaultValue = "60" },
        new TemplateVariable { Key = "api_key", Label = "API key", Type = VariableType.Secret, Required = true },
    ]);

    private static readonly SensorCsvType Door = new(Guid.NewGuid(), "Door contact", [
        new TemplateVariable { Key = "mode", Label = "Mode", Type = VariableType.Choice, Options = ["open", "closed"] },
    ]);

    private static readonly Guid Home = Guid.NewGuid();

    private static SensorCsvLookups Lookups(params string[] existing) => new([Dht, Door], [(Home, "Home")], existing);

    private static SensorCsvResult Read(string text, params string[] existing) => SensorCsv.Read(text, Lookups(existing));

    [Fact]
    public void Reads_each_row_into_a_sensor_with_its_type_network_and_validated_values()
    {
        var result = Read("""
            name,type,network,interval,api_key,mode
            Kitchen,DHT11,Home,120,k1,
            "Front door, main",Door contact,,,,open
            Cellar,dht11,home,,"k""2",
            """);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        Assert.Equal(3, result.Rows.Count);
        var kitchen = result.Rows[0];
        Assert.Equal(("Kitchen", Dht.Id, (Guid?)Home, 2), (kitchen.Name, kitchen.Type.Id, kitchen.NetworkId, kitchen.Line));
        Assert.Equal("120", kitchen.Values.Single(v => v.Key == "interval").Value);
        Assert.Equal("Front door, main", result.Rows[1].Name);
        Assert.Null(result.Rows[1].NetworkId);
        Assert.Equal("open", result.Rows[1].Values.Single().Value);
        // Type and network names match whatever their case; an empty optional value takes the default.
        Assert.Equal("60", result.Rows[2].Values.Single(v => v.Key == "interval").Value);
        Assert.Equal("k\"2", result.Rows[2].Values.Single(v => v.Key == "api_key").Value);
    }

    [Theory]
    [InlineData("name,kind,network\nA,DHT11,", "header must start with name,type,network")]
    [InlineData("name,type\nA,DHT11", "header must start with name,type,network")]
    [InlineData("name,type,network,colour\nA,DHT11,", "'colour' is not a variable")]
    [InlineData("name,type,network,mode,MODE\nA,Door contact,,open,open", "'MODE' appears more than once")]
    [InlineData("", "The file is empty")]
    [InlineData("name,type,network\n", "no sensors")]
    public void Wrong_headers_are_refused_before_any_row(string text, string reason)
    {
        var result = Read(text);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, string.Join(" ", result.Errors));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Every_bad_row_is_reported_with_its_line_and_nothing_is_accepted()
    {
        var result = Read("""
            name,type,network,interval,api_key,mode
            Good,DHT11,,10,k,
            Bad type,Thermo 3000,,,,
            Bad net,DHT11,Office,,k,
            Good,DHT11,,,k,
            Slow,DHT11,,abc,k,
            Short,DHT11
            Mixed,DHT11,,,k,open
            Existing,DHT11,,,k,
            No key,DHT11,,,,
            """, "existing");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Rows);
        Assert.Equal(9, result.RowCount);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("Line 3: unknown sensor type 'Thermo 3000'", errors);
        Assert.Contains("Line 4: unknown network 'Office'", errors);
        Assert.Contains("Line 5: the name 'Good' is already used on line 2", errors);
        Assert.Contains("Line 6: Interval: 'abc' is not a whole number.", errors);
        Assert.Contains("Line 7: expected 6 fields like the header, found 2", errors);
        Assert.Contains("Line 8: 'mode' is not a variable of the type 'DHT11'", errors);
        Assert.Contains("Line 9: you already have a sensor named 'Existing'", errors);
        Assert.Contains("Line 10: API key is required.", errors);
        Assert.DoesNotContain("Line 2:", errors);
    }

    [Fact]
    public void At_most_a_hundred_errors_are_listed_then_how_many_more_lines_have_errors()
    {
        var rows = Enumerable.Range(1, 250).Select(i => i % 2 == 0 ? $"Row {i},Thermo 3000,,,," : $"Row {i},DHT11,,,,");

        var result = Read("name,type,network,interval,api_key,mode\n" + string.Join("\n", rows));

        Assert.Equal(250, result.RowCount);
        Assert.Equal(101, result.Errors.Count);
        Assert.Equal("Line 2: API key is required.", result.Errors[0]);
        Assert.Equal("Line 101: unknown sensor type 'Thermo 3000' (use the name of an approved type).", result.Errors[99]);
        Assert.Equal("…and 150 more lines with errors.", result.Errors[100]);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void One_more_line_with_errors_is_counted_in_the_singular()
    {
        var rows = Enumerable.Range(1, 101).Select(i => $"Row {i},Thermo 3000,,,,");

        var result = Read("name,type,network,interval,api_key,mode\n" + string.Join("\n", rows));

        Assert.Equal("…and 1 more line with errors.", result.Errors[^1]);
    }

    [Fact]
    public void Out_of_range_values_are_reported()
    {
        var result = Read("name,type,network,interval,api_key\nA,DHT11,,0,k");

        Assert.Contains("Line 2: Interval: must be at least 1.", result.Errors);
    }

    [Fact]
    public void Decoding_accepts_UTF8_with_or_without_a_byte_order_mark()
    {
        var text = "name,type,network\nKüche,DHT11,\n";
        var withBom = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        Assert.Equal(text, SensorCsv.Decode(Encoding.UTF8.GetBytes(text)).Expect());
        Assert.Equal(text, SensorCsv.Decode(withBom).Expect());
    }

    [Fact]
    public void Decoding_refuses_bytes_that_are_not_UTF8()
    {
        // "Küche" in Latin-1: the lone 0xFC is not valid UTF-8.
        byte[] latin1 = [.. "name,type,network\nK"u8, 0xFC, .. "che,DHT11,\n"u8];

        var decoded = SensorCsv.Decode(latin1);

        Assert.False(decoded.Succeeded);
        Assert.Contains("not valid UTF-8", decoded.Errors.Single());
    }

    [Fact]
    public void Decoding_refuses_files_over_the_limit()
    {
        Assert.Contains("larger than", SensorCsv.Decode(new byte[SensorCsv.MaxBytes + 1]).Errors.Single());
    }
}
