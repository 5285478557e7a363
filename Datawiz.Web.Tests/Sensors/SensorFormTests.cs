using Bunit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Components.Pages.Sensors;
using Datawiz.Web.Tests.Components;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorFormTests : MudBlazorTestContext
{
    private static readonly SensorTypeChoice Dht = new(Guid.NewGuid(), "DHT11", "ESP8266 + DHT11", ReviewStatus.Approved, SensorTestData.StandardVariables());

    private readonly List<SensorInput> submitted = [];

    private IRenderedComponent<SensorForm> RenderForm(SensorInput model, IReadOnlySet<string>? storedSecrets = null, IReadOnlyList<string>? errors = null) =>
        RenderMud<SensorForm>(p => p
            .Add(f => f.Model, model)
            .Add(f => f.Types, [Dht])
            .Add(f => f.StoredSecrets, storedSecrets ?? new HashSet<string>())
            .Add(f => f.Errors, errors ?? [])
            .Add(f => f.OnValidSubmit, input => submitted.Add(input)));

    private static SensorInput Valid() => new()
    {
        Name = "Kitchen",
        SensorTypeId = Dht.Id,
        Tags = "indoor",
        Values = new Dictionary<string, string?> { ["interval"] = "30", ["api_key"] = "key" },
    };

    private static void Submit(IRenderedComponent<SensorForm> form) => form.Find("button[data-testid=sensor-submit]").Click();

    [Fact]
    public void An_empty_form_asks_for_a_name_and_a_type()
    {
        var form = RenderForm(new SensorInput());

        Submit(form);

        form.WaitForAssertion(() =>
        {
            Assert.Contains("Name is required.", form.Markup);
            Assert.Contains("Choose a sensor type.", form.Markup);
        });
        Assert.Empty(submitted);
    }

    [Fact]
    public void The_fields_of_the_chosen_type_are_shown_and_their_values_checked()
    {
        var model = Valid();
        model.Values["interval"] = "abc";
        var form = RenderForm(model);

        Assert.NotEmpty(form.FindAll("[data-testid=variable-interval]"));
        Assert.Equal("password", form.Find("input[data-testid=variable-api_key]").GetAttribute("type"));

        Submit(form);

        form.WaitForAssertion(() => Assert.Contains("Interval: 'abc' is not a whole number.", form.Markup));
        Assert.Empty(submitted);
    }

    [Fact]
    public void Out_of_range_numbers_and_bad_tags_are_refused()
    {
        var model = Valid();
        model.Values["interval"] = "0";
        model.Tags = "fine, not-fine!";
        var form = RenderForm(model);

        Submit(form);

        form.WaitForAssertion(() =>
        {
            Assert.Contains("Interval: must be at least 1.", form.Markup);
            Assert.Contains("The tag 'not-fine!' may contain only letters, digits, '-' and '_'.", form.Markup);
        });
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_required_secret_must_be_given_unless_one_is_stored()
    {
        var model = Valid();
        model.Values["api_key"] = null;
        var form = RenderForm(model);
        Submit(form);
        form.WaitForAssertion(() => Assert.Contains("API key is required.", form.Markup));
        Assert.Empty(submitted);

        var editing = RenderForm(model, storedSecrets: new HashSet<string> { "api_key" });
        Assert.Contains("leave empty to keep it", editing.Markup);
        Submit(editing);
        editing.WaitForAssertion(() => Assert.Single(submitted));
    }

    [Fact]
    public void A_valid_form_is_submitted_with_its_model()
    {
        var model = Valid();
        var form = RenderForm(model);

        Submit(form);

        form.WaitForAssertion(() => Assert.Same(model, Assert.Single(submitted)));
    }

    [Fact]
    public void Refusals_from_the_server_are_shown_escaped()
    {
        var form = RenderForm(Valid(), errors: ["You already have a sensor named '<script>x</script>'."]);

        var alert = form.Find("[data-testid=sensor-form-errors]");
        Assert.Contains("<script>x</script>", alert.TextContent);
        Assert.Empty(form.FindAll("script"));
    }
}
