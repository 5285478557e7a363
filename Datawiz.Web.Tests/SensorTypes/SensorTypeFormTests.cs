using Bunit;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Variables;
using Datawiz.Web.Components.Pages.SensorTypes;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.SensorTypes;

public sealed class SensorTypeFormTests : MudBlazorTestContext
{
    private SensorTypeDraft? submitted;

    private IRenderedComponent<SensorTypeForm> RenderForm(SensorTypeDraft draft, IReadOnlyList<string>? serverErrors = null) =>
        RenderMud<SensorTypeForm>(p => p
            .Add(f => f.Model, draft)
            .Add(f => f.SubmitLabel, "Submit for review")
            .Add(f => f.ServerErrors, serverErrors)
            .Add(f => f.OnValidSubmit, (SensorTypeDraft d) => submitted = d));

    private static string Errors(IRenderedComponent<SensorTypeForm> form) => form.Find("[data-testid=sensor-type-errors]").TextContent;

    private static void Type(IRenderedComponent<SensorTypeForm> form, string testId, string value) =>
        form.Find($"input[data-testid={testId}], textarea[data-testid={testId}]").Change(value);

    [Fact]
    public void A_valid_draft_is_handed_to_the_page()
    {
        var form = RenderForm(SensorTypeSamples.Draft());

        form.Find("form").Submit();

        Assert.NotNull(submitted);
        Assert.Empty(form.FindAll("[data-testid=sensor-type-errors]"));
        Assert.Contains("Submit for review", form.Find("[data-testid=sensor-type-submit]").TextContent);
    }

    [Fact]
    public void An_empty_name_is_refused_and_what_was_typed_elsewhere_is_kept()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        Type(form, "type-name", "   ");
        Type(form, "type-hardware", "ESP32 + BME280");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("Name is required.", Errors(form));
        Assert.Equal("ESP32 + BME280", form.Find("input[data-testid=type-hardware]").GetAttribute("value"));
    }

    [Fact]
    public void A_command_is_added_with_its_payloads_split_at_commas()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        form.Find("[data-testid=add-command]").Click();
        Type(form, "command-name-0", "POWER");
        Type(form, "command-payloads-0", "ON, OFF,, TOGGLE ");
        Type(form, "command-state-0", "power");

        form.Find("form").Submit();

        var command = Assert.Single(submitted!.Commands);
        Assert.Equal(("POWER", "power"), (command.Name, command.StateField));
        Assert.Equal(["ON", "OFF", "TOGGLE"], command.Payloads);
    }

    [Fact]
    public void A_command_name_with_a_wildcard_is_refused()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        form.Find("[data-testid=add-command]").Click();
        Type(form, "command-name-0", "POWER/#");
        Type(form, "command-payloads-0", "ON");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("The command name 'POWER/#' must start with a letter", Errors(form));
    }

    [Fact]
    public void Duplicate_variable_keys_are_refused()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        Type(form, "variable-key-1", "interval");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("The variable key 'INTERVAL' is used more than once.", Errors(form));
    }

    [Fact]
    public void A_minimum_above_the_maximum_is_refused()
    {
        var draft = SensorTypeSamples.Draft();
        draft.Variables[0].DefaultValue = null;
        var form = RenderForm(draft);
        Type(form, "variable-min-0", "500");
        Type(form, "variable-max-0", "50");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("The range of 'INTERVAL' is empty: its minimum 500 is above its maximum 50.", Errors(form));
    }

    [Fact]
    public void A_choice_without_options_is_refused()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        Type(form, "variable-options-1", " , ");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("The choice 'PIN' needs at least one option", Errors(form));
    }

    [Fact]
    public void An_unknown_placeholder_is_named_with_its_file()
    {
        var form = RenderForm(SensorTypeSamples.Draft());
        Type(form, "template-content-0", "int threshold = {{THRESHOLD}};");

        form.Find("form").Submit();

        Assert.Null(submitted);
        Assert.Contains("The code template 'main.ino' uses the placeholder {{THRESHOLD}}", Errors(form));
    }

    [Fact]
    public void Rows_are_added_and_removed()
    {
        var draft = SensorTypeSamples.Draft();
        var form = RenderForm(draft);

        form.Find("[data-testid=add-field]").Click();
        form.Find("[data-testid=add-template]").Click();
        form.Find("[data-testid=add-variable]").Click();
        form.Find("[data-testid=remove-field-0]").Click();

        Assert.Equal(2, form.FindAll("[data-testid=field-row]").Count);
        Assert.Equal("humidity", draft.Fields[0].Key);
        Assert.Equal(2, form.FindAll("[data-testid=template-row]").Count);
        Assert.Equal(3, form.FindAll("[data-testid=variable-row]").Count);
        Assert.Equal(VariableType.String, draft.Variables[2].Type);

        // The new rows are empty, so saving now says what they still need.
        form.Find("form").Submit();
        var errors = Errors(form);
        Assert.Contains("Code template 2 needs a file name.", errors);
        Assert.Contains("The measured field key '' must start with a letter", errors);
    }

    [Fact]
    public void Refusals_from_the_server_are_shown()
    {
        var form = RenderForm(SensorTypeSamples.Draft(), ["A sensor type named 'X' already exists; choose another name."]);

        Assert.Contains("A sensor type named 'X' already exists", Errors(form));
    }
}
