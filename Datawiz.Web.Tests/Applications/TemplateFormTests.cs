using Bunit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;
using Datawiz.Web.Components.Pages.Applications;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.Applications;

public sealed class TemplateFormTests : MudBlazorTestContext
{
    private TemplateFormModel? submitted;

    private static TemplateFormModel Valid() => new()
    {
        Name = "Node-RED",
        Version = "1.0",
        ManifestTemplate = "metadata:\n  name: {{APP_NAME}}\nport: {{PORT}}\n",
        CpuMillicores = 250,
        MemoryMiB = 256,
        Variables = [new VariableRow { Key = "PORT", Label = "Port", Type = VariableType.Int, Min = 1, Max = 65535 }],
    };

    private IRenderedComponent<TemplateForm> RenderForm(TemplateFormModel model, bool isAdmin = false) =>
        RenderMud<TemplateForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.IsAdmin, isAdmin)
            .Add(f => f.OnValidSubmit, m => submitted = m));

    private static string Save(IRenderedComponent<TemplateForm> form)
    {
        form.Find("[data-testid=template-save]").Click();
        var errors = form.FindAll("[data-testid=template-form-errors]");
        return errors.Count == 0 ? "" : errors[0].TextContent;
    }

    [Fact]
    public void A_valid_template_is_handed_on()
    {
        var model = Valid();

        var errors = Save(RenderForm(model));

        Assert.Equal("", errors);
        Assert.Same(model, submitted);
    }

    [Theory]
    [InlineData("name", "Name is required.")]
    [InlineData("version", "Version 'v1' is not valid")]
    [InlineData("cpu", "CPU must be between 10 and 64000 millicores")]
    [InlineData("placeholder", "The manifest uses {{IMAGE}}, which is neither a declared variable nor one the portal supplies")]
    [InlineData("range", "The range of 'PORT' is empty: its minimum 100 is above its maximum 10.")]
    public void Invalid_input_is_explained_and_not_submitted(string problem, string expected)
    {
        var model = Valid();
        switch (problem)
        {
            case "name": model.Name = "  "; break;
            case "version": model.Version = "v1"; break;
            case "cpu": model.CpuMillicores = 64_001; break;
            case "placeholder": model.ManifestTemplate += "image: {{IMAGE}}\n"; break;
            case "range": model.Variables[0].Min = 100; model.Variables[0].Max = 10; break;
        }

        var errors = Save(RenderForm(model));

        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Null(submitted);
    }

    [Fact]
    public void Typing_in_the_fields_updates_the_model_and_variables_can_be_added()
    {
        var model = Valid();
        var form = RenderForm(model);

        form.Find("input[data-testid=template-name]").Change("Grafana");
        form.Find("[data-testid=variable-add]").Click();
        var errors = Save(form);

        Assert.Equal("Grafana", model.Name);
        Assert.Equal(2, model.Variables.Count);
        Assert.Contains("The variable key '' must start with a letter", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_refusals_are_shown_and_only_admins_choose_a_status()
    {
        var userForm = RenderForm(Valid());
        Assert.Empty(userForm.FindAll("[data-testid=template-status]"));

        var adminForm = RenderMud<TemplateForm>(p => p
            .Add(f => f.Model, Valid())
            .Add(f => f.IsAdmin, true)
            .Add(f => f.OriginalStatus, ReviewStatus.Draft)
            .Add(f => f.Errors, ["There is already a template 'Node-RED' with version 1.0; choose another name or version."]));

        Assert.NotEmpty(adminForm.FindAll("[data-testid=template-status]"));
        Assert.Contains("There is already a template", adminForm.Find("[data-testid=template-form-errors]").TextContent, StringComparison.Ordinal);
    }
}

public sealed class ApplicationValuesFormTests : MudBlazorTestContext
{
    private static readonly TemplateVariable[] Variables =
    [
        new() { Key = "PORT", Label = "Port", Type = VariableType.Int, Min = 1, Max = 65535 },
        new() { Key = "TOKEN", Label = "Token", Type = VariableType.Secret, Required = true },
    ];

    private ApplicationFormResult? submitted;

    [Fact]
    public void Bad_names_and_values_are_explained_and_not_submitted()
    {
        var form = RenderMud<ApplicationValuesForm>(p => p
            .Add(f => f.Variables, Variables)
            .Add(f => f.ShowName, true)
            .Add(f => f.OnValidSubmit, r => submitted = r));

        form.Find("input[data-testid=application-name]").Change("My App");
        form.Find("input[data-testid=value-PORT]").Input("70000");
        form.Find("[data-testid=application-save]").Click();

        var errors = form.Find("[data-testid=application-form-errors]").TextContent;
        Assert.Contains("Name may contain only lower-case letters", errors, StringComparison.Ordinal);
        Assert.Contains("Port: must be at most 65535.", errors, StringComparison.Ordinal);
        Assert.Contains("Token is required.", errors, StringComparison.Ordinal);
        Assert.Null(submitted);
    }

    [Fact]
    public void A_saved_secret_may_be_left_empty_when_editing()
    {
        var form = RenderMud<ApplicationValuesForm>(p => p
            .Add(f => f.Variables, Variables)
            .Add(f => f.InitialValues, new Dictionary<string, string?> { ["PORT"] = "1880" })
            .Add(f => f.SecretsSet, new HashSet<string> { "TOKEN" })
            .Add(f => f.OnValidSubmit, r => submitted = r));

        form.Find("[data-testid=application-save]").Click();

        Assert.NotNull(submitted);
        Assert.Equal("1880", submitted.Values["PORT"]);
        Assert.Contains("Leave empty to keep the current value", form.Markup, StringComparison.Ordinal);
    }
}
