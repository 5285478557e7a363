using Bunit;
using Datawiz.Web.Components.Pages.Groups;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.Groups;

public sealed class GroupFormTests : MudBlazorTestContext
{
    private readonly List<GroupFormModel> submitted = [];

    private IRenderedComponent<GroupForm> RenderForm(GroupFormModel? model = null, IReadOnlyList<string>? errors = null) =>
        RenderMud<GroupForm>(parameters => parameters
            .Add(p => p.Model, model ?? new GroupFormModel())
            .Add(p => p.Errors, errors ?? [])
            .Add(p => p.OnValidSubmit, (GroupFormModel m) => submitted.Add(m)));

    private static string Messages(IRenderedComponent<GroupForm> form) =>
        string.Join("\n", form.FindAll(".mud-input-error").Select(e => e.TextContent));

    [Fact]
    public void An_empty_name_is_refused()
    {
        var form = RenderForm();
        form.Find("input[data-testid=group-name]").Input("   ");

        form.Find("[data-testid=group-submit]").Click();

        form.WaitForAssertion(() => Assert.Contains("Name is required.", Messages(form), StringComparison.Ordinal));
        Assert.Empty(submitted);
    }

    [Fact]
    public void An_overlong_name_or_description_is_refused()
    {
        var form = RenderForm();
        form.Find("input[data-testid=group-name]").Input(new string('g', 101));
        form.Find("textarea[data-testid=group-description]").Input(new string('d', 2001));

        form.Find("[data-testid=group-submit]").Click();

        form.WaitForAssertion(() => Assert.Contains("Name must be at most 100 characters.", Messages(form), StringComparison.Ordinal));
        Assert.Contains("Description must be at most 2000 characters.", Messages(form), StringComparison.Ordinal);
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_valid_group_is_submitted()
    {
        var form = RenderForm();
        form.Find("input[data-testid=group-name]").Input("Allotment 7");
        form.Find("textarea[data-testid=group-description]").Input("Soil moisture for the plot");

        form.Find("[data-testid=group-submit]").Click();

        form.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Equal("Allotment 7", submitted[0].Name);
        Assert.Equal("Soil moisture for the plot", submitted[0].Description);
    }

    [Fact]
    public void Html_in_a_name_and_in_server_messages_is_shown_as_text()
    {
        const string name = "<img src=x onerror=alert(1)>";
        var form = RenderForm(new GroupFormModel { Name = name }, [$"A group named \"{name}\" already exists. Choose another name."]);

        Assert.Empty(form.FindAll("img"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", form.Find("[data-testid=group-form-errors]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal(name, form.Find("input[data-testid=group-name]").GetAttribute("value"));
    }
}
