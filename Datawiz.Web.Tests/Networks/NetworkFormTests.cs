using Bunit;
using Datawiz.Web.Components.Pages.Networks;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.Networks;

public sealed class NetworkFormTests : MudBlazorTestContext
{
    private readonly List<NetworkFormModel> submitted = [];

    private IRenderedComponent<NetworkForm> RenderForm(NetworkFormModel? model = null, bool isNew = true, IReadOnlyList<string>? errors = null) =>
        RenderMud<NetworkForm>(parameters => parameters
            .Add(p => p.Model, model ?? new NetworkFormModel())
            .Add(p => p.IsNew, isNew)
            .Add(p => p.Errors, errors ?? [])
            .Add(p => p.OnValidSubmit, (NetworkFormModel m) => submitted.Add(m)));

    private static void Type(IRenderedComponent<NetworkForm> form, string field, string value) =>
        form.Find($"input[data-testid=network-{field}]").Input(value);

    private static string Messages(IRenderedComponent<NetworkForm> form) =>
        string.Join("\n", form.FindAll(".mud-input-error").Select(e => e.TextContent));

    [Fact]
    public void An_empty_form_is_not_submitted_and_says_what_is_missing()
    {
        var form = RenderForm();

        form.Find("[data-testid=network-submit]").Click();

        form.WaitForAssertion(() => Assert.Contains("Name is required.", Messages(form), StringComparison.Ordinal));
        Assert.Contains("SSID is required.", Messages(form), StringComparison.Ordinal);
        Assert.Empty(submitted);
    }

    [Fact]
    public void An_overlong_name_a_long_ssid_and_a_short_password_are_refused()
    {
        var form = RenderForm();
        Type(form, "name", new string('n', 101));
        Type(form, "ssid", new string('s', 33));
        Type(form, "password", "short");

        form.Find("[data-testid=network-submit]").Click();

        form.WaitForAssertion(() => Assert.Contains("Name must be at most 100 characters.", Messages(form), StringComparison.Ordinal));
        Assert.Contains("SSID must be at most 32 characters.", Messages(form), StringComparison.Ordinal);
        Assert.Contains("Password must be 8 to 63 characters", Messages(form), StringComparison.Ordinal);
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_valid_network_is_submitted_with_what_was_typed()
    {
        var form = RenderForm();
        Type(form, "name", "Greenhouse");
        Type(form, "ssid", "GH-WiFi");
        Type(form, "password", "tomatoes-123");

        form.Find("[data-testid=network-submit]").Click();

        form.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Equal(("Greenhouse", "GH-WiFi", "tomatoes-123"), (submitted[0].Name, submitted[0].Ssid, submitted[0].Password));
        Assert.Empty(form.FindAll(".mud-input-error"));
    }

    [Fact]
    public void An_edit_accepts_an_empty_password_and_offers_to_remove_it()
    {
        var form = RenderMud<NetworkForm>(parameters => parameters
            .Add(p => p.Model, new NetworkFormModel { Name = "Home", Ssid = "HomeWiFi" })
            .Add(p => p.HasPassword, true)
            .Add(p => p.OnValidSubmit, (NetworkFormModel m) => submitted.Add(m)));

        Assert.Contains("Leave empty to keep the current password.", form.Markup, StringComparison.Ordinal);
        Assert.NotEmpty(form.FindAll("[data-testid=network-remove-password]"));
        form.Find("[data-testid=network-submit]").Click();

        form.WaitForAssertion(() => Assert.Single(submitted));
        Assert.Equal("", submitted[0].Password);
    }

    [Fact]
    public void A_short_password_does_not_block_making_the_network_open()
    {
        var model = new NetworkFormModel { Name = "Home", Ssid = "HomeWiFi" };
        var form = RenderMud<NetworkForm>(parameters => parameters
            .Add(p => p.Model, model)
            .Add(p => p.HasPassword, true)
            .Add(p => p.OnValidSubmit, (NetworkFormModel m) => submitted.Add(m)));
        Type(form, "password", "short");
        form.Find("[data-testid=network-submit]").Click();
        form.WaitForAssertion(() => Assert.Contains("Password must be 8 to 63 characters", Messages(form), StringComparison.Ordinal));

        form.Find("input[data-testid=network-remove-password]").Change(true);
        form.Find("[data-testid=network-submit]").Click();

        form.WaitForAssertion(() => Assert.Single(submitted));
        Assert.True(submitted[0].RemovePassword);
    }

    [Fact]
    public void Html_in_a_name_and_in_server_messages_is_shown_as_text()
    {
        const string name = "<script>alert(1)</script>";
        var form = RenderForm(
            new NetworkFormModel { Name = name, Ssid = "x" },
            errors: [$"You already have a network named \"{name}\". Choose another name."]);

        Assert.Empty(form.FindAll("script"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", form.Find("[data-testid=network-form-errors]").InnerHtml, StringComparison.Ordinal);
        Assert.Equal(name, form.Find("input[data-testid=network-name]").GetAttribute("value"));
    }
}
