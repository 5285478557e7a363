using Datawiz.Domain.Sensors;

namespace Datawiz.Web.Tests.SensorTypes;

/// <summary>A type's commands: names that are safe topic levels, declared payloads, the state a reading stands for.</summary>
public sealed class SensorCommandRulesTests
{
    private static SensorCommand Power() => new() { Name = "POWER", Label = "Power", Payloads = ["ON", "OFF", "TOGGLE"], StateField = "power" };

    private static SensorTypeDraft WithCommands(params SensorCommand[] commands)
    {
        var draft = SensorTypeSamples.Draft();
        draft.Commands = [.. commands];
        return draft;
    }

    [Fact]
    public void The_sonoff_power_command_is_accepted()
    {
        Assert.Empty(SensorTypeRules.Errors(WithCommands(Power(), new SensorCommand { Name = "Dimmer", Payloads = ["0", "50", "100"] })));
    }

    [Theory]
    [InlineData("POWER/1")]
    [InlineData("POWER+")]
    [InlineData("#")]
    [InlineData("$SYS")]
    [InlineData("POW ER")]
    [InlineData("1POWER")]
    [InlineData("PÖWER")]
    [InlineData("A123456789012345678901234567890123")]
    public void A_name_that_is_not_a_safe_topic_level_is_refused(string name)
    {
        var command = Power();
        command.Name = name;

        var error = Assert.Single(SensorTypeRules.Errors(WithCommands(command)));

        Assert.Contains($"'{name}'", error);
        Assert.Contains("letters, digits and underscores", error);
    }

    [Fact]
    public void A_command_needs_a_name_and_a_payload()
    {
        var errors = SensorTypeRules.Errors(WithCommands(new SensorCommand { Name = " ", Payloads = ["ON"] }, new SensorCommand { Name = "POWER" }));

        Assert.Contains("Command 1 needs a name, e.g. POWER.", errors);
        Assert.Contains("The command 'POWER' needs at least one payload, e.g. ON, OFF, TOGGLE.", errors);
    }

    [Theory]
    [InlineData("O N")]
    [InlineData("ON#")]
    [InlineData("+")]
    [InlineData("{\"a\":1}")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    public void A_payload_outside_the_safe_characters_is_refused(string payload)
    {
        var command = Power();
        command.Payloads.Add(payload);

        var error = Assert.Single(SensorTypeRules.Errors(WithCommands(command)));

        Assert.Contains($"The payload '{payload}' of the command 'POWER'", error);
    }

    [Fact]
    public void Names_and_payloads_are_unique_whatever_their_case()
    {
        var twice = Power();
        twice.Payloads.Add("on");
        var errors = SensorTypeRules.Errors(WithCommands(twice, new SensorCommand { Name = "power", Payloads = ["ON"] }));

        Assert.Contains("The command 'POWER' is declared more than once.", errors);
        Assert.Contains("The command 'POWER' lists the payload 'ON' more than once.", errors);
    }

    [Fact]
    public void Commands_and_payloads_are_limited_in_number()
    {
        var many = Enumerable.Range(1, SensorCommandRules.MaxCommands + 1).Select(i => new SensorCommand { Name = $"POWER{i}", Payloads = ["ON"] }).ToArray();
        var crowded = Power();
        crowded.Payloads = [.. Enumerable.Range(1, SensorCommandRules.MaxPayloads + 1).Select(i => $"P{i}")];

        Assert.Contains($"At most {SensorCommandRules.MaxCommands} commands are allowed.", SensorTypeRules.Errors(WithCommands(many)));
        Assert.Contains($"The command 'POWER' may take at most {SensorCommandRules.MaxPayloads} payloads.", SensorTypeRules.Errors(WithCommands(crowded)));
    }

    [Fact]
    public void The_state_field_and_the_label_are_checked()
    {
        var command = Power();
        command.StateField = "power state";
        command.Label = "Po\u202Ewer";

        var errors = SensorTypeRules.Errors(WithCommands(command));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("The state field 'power state' of the command 'POWER'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("The label of the command 'POWER'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_draft_trims_its_commands_and_copies_them()
    {
        var type = new SensorType { Commands = [new SensorCommand { Name = " POWER ", Label = " Power ", Payloads = [" ON", "OFF "], StateField = " power " }] };

        var draft = SensorTypeDraft.From(type);
        draft.Commands[0].Payloads.Add("TOGGLE");
        var trimmed = draft.Normalised().Commands.Single();

        Assert.Equal(2, type.Commands[0].Payloads.Count);
        Assert.Equal(("POWER", "Power", "power"), (trimmed.Name, trimmed.Label, trimmed.StateField));
        Assert.Equal(["ON", "OFF", "TOGGLE"], trimmed.Payloads);
    }

    [Fact]
    public void Commands_are_found_and_payloads_matched_whatever_their_case()
    {
        var power = Power();

        Assert.Same(power, SensorCommandRules.Find([power], "power"));
        Assert.Null(SensorCommandRules.Find([power], "POWER2"));
        Assert.Equal("TOGGLE", power.DeclaredPayload(" toggle "));
        Assert.Null(power.DeclaredPayload("BLINK"));
    }

    [Fact]
    public void The_command_goes_to_the_sensors_cmnd_topic()
    {
        Assert.Equal("users/abc/sensors/s-1/cmnd/POWER", SensorCommand.CommandTopic("users/abc/sensors/s-1", "POWER"));
    }

    [Theory]
    [InlineData(1, "ON")]
    [InlineData(0, "OFF")]
    [InlineData(0.5, "0.5")]
    public void A_state_reading_reads_as_the_payload_it_stands_for(double value, string text)
    {
        Assert.Equal(text, Power().StateText(value));
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), new SensorCommand { Name = "Dimmer", Payloads = ["0", "100"] }.StateText(value));
    }
}
