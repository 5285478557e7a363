using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;

namespace Datawiz.Web.Tests.SensorTypes;

public sealed class SensorTypeRulesTests
{
    [Fact]
    public void A_complete_type_is_accepted()
    {
        Assert.Empty(SensorTypeRules.Errors(SensorTypeSamples.Draft()));
    }

    [Fact]
    public void Name_and_hardware_are_required()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Name = "   ";
        draft.Hardware = "";

        var errors = SensorTypeRules.Errors(draft);

        Assert.Contains("Name is required.", errors);
        Assert.Contains("Hardware is required.", errors);
    }

    [Fact]
    public void A_placeholder_that_is_neither_declared_nor_built_in_is_named_with_its_file()
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates.Add(new CodeTemplate { FileName = "config.h", Language = "cpp", Content = "#define TOPIC \"{{MQTT_TOPIC}}\"\n#define X {{ THRESHOLD }}" });

        var error = Assert.Single(SensorTypeRules.Errors(draft));

        Assert.Contains("'config.h'", error);
        Assert.Contains("{{THRESHOLD}}", error);
    }

    [Fact]
    public void Placeholders_match_keys_exactly_and_ignore_brace_initialisers()
    {
        Assert.Equal(["A_1", "b"], Placeholders.Scan("{{A_1}} {{ b }} {{A_1}} {{0}} {{1,2},{3,4}} {{-x}}").Keys);
    }

    [Fact]
    public void Every_built_in_placeholder_may_be_used_without_declaring_it()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Variables.Clear();
        draft.CodeTemplates[0].Content = string.Concat(SensorTypeRules.BuiltInPlaceholders.Select(p => $"{{{{{p}}}}}\n"));

        Assert.Empty(SensorTypeRules.Errors(draft));
    }

    [Fact]
    public void A_variable_may_not_take_the_key_of_a_built_in()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Variables.Add(new TemplateVariable { Key = "wifi_ssid", Label = "Network", Type = VariableType.String });

        Assert.Contains(SensorTypeRules.Errors(draft), e => e.Contains("'wifi_ssid'", StringComparison.Ordinal) && e.Contains("Datawiz itself", StringComparison.Ordinal));
    }

    [Fact]
    public void At_least_one_code_template_is_needed()
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates.Clear();

        Assert.Contains(SensorTypeRules.Errors(draft), e => e.StartsWith("Add at least one code template", StringComparison.Ordinal));
    }

    [Fact]
    public void File_names_are_unique_within_a_type_whatever_their_case()
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates.Add(new CodeTemplate { FileName = "MAIN.ino", Language = "cpp", Content = "x" });

        Assert.Contains("The file name 'main.ino' is used by more than one code template.", SensorTypeRules.Errors(draft));
    }

    [Theory]
    [InlineData("../secrets.h")]
    [InlineData("dir/main.ino")]
    [InlineData(".hidden")]
    public void File_names_cannot_point_elsewhere(string fileName)
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates[0].FileName = fileName;

        Assert.Contains(SensorTypeRules.Errors(draft), e => e.StartsWith($"The file name '{fileName}' must be", StringComparison.Ordinal));
    }

    [Fact]
    public void Code_longer_than_the_limit_is_refused()
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates[0].Content = new string('x', Limits.CodeTemplateLength + 1);

        Assert.Contains($"The content of 'main.ino' must be at most {Limits.CodeTemplateLength} characters.", SensorTypeRules.Errors(draft));
    }

    [Fact]
    public void Empty_code_and_a_missing_language_are_refused()
    {
        var draft = SensorTypeSamples.Draft();
        draft.CodeTemplates[0].Content = "  \n";
        draft.CodeTemplates[0].Language = "";

        var errors = SensorTypeRules.Errors(draft);

        Assert.Contains("The content of 'main.ino' is empty.", errors);
        Assert.Contains(errors, e => e.StartsWith("The language of 'main.ino' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Measured_field_keys_are_unique_and_shaped_like_variable_keys()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Fields.Add(new MeasuredField { Key = "Temperature", Label = "Again", Unit = "K" });
        draft.Fields.Add(new MeasuredField { Key = "2nd value", Label = "Bad", Unit = "" });

        var errors = SensorTypeRules.Errors(draft);

        Assert.Contains("The measured field key 'temperature' is used more than once.", errors);
        Assert.Contains(errors, e => e.StartsWith("The measured field key '2nd value' must start with a letter", StringComparison.Ordinal));
    }

    [Fact]
    public void A_measured_field_needs_a_label_and_a_short_unit()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Fields[0].Label = "";
        draft.Fields[1].Unit = new string('u', SensorTypeRules.UnitLength + 1);

        var errors = SensorTypeRules.Errors(draft);

        Assert.Contains("The label of the measured field 'temperature' is required.", errors);
        Assert.Contains($"The unit of the measured field 'humidity' must be at most {SensorTypeRules.UnitLength} characters.", errors);
    }

    [Fact]
    public void Variable_definitions_are_checked_with_the_shared_variable_rules()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Variables[0].Min = 10;
        draft.Variables[0].Max = 1;
        draft.Variables[0].DefaultValue = "10";
        draft.Variables[1].Options = [];
        draft.Variables.Add(new TemplateVariable { Key = "pin", Label = "Duplicate", Type = VariableType.String });

        var errors = SensorTypeRules.Errors(draft);

        Assert.Contains("The range of 'INTERVAL' is empty: its minimum 10 is above its maximum 1.", errors);
        Assert.Contains("The choice 'PIN' needs at least one option, and no option may be empty.", errors);
        Assert.Contains("The variable key 'PIN' is used more than once.", errors);
    }

    [Fact]
    public void Normalising_trims_texts_but_keeps_code_exactly()
    {
        var draft = SensorTypeSamples.Draft("  Padded  ");
        draft.Fields[0].Key = " temperature ";
        draft.CodeTemplates[0].Content = "  indented\n";

        var normalised = draft.Normalised();

        Assert.Equal("Padded", normalised.Name);
        Assert.Equal("temperature", normalised.Fields[0].Key);
        Assert.Equal("  indented\n", normalised.CodeTemplates[0].Content);
        Assert.Equal("  Padded  ", draft.Name);
    }
}
