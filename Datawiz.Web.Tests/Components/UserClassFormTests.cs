using Bunit;
using Datawiz.Infrastructure.UserClasses;
using Datawiz.Web.Components.Pages.UserClasses;

namespace Datawiz.Web.Tests.Components;

public sealed class UserClassFormTests : MudBlazorTestContext
{
    private readonly List<UserClassDraft> submitted = [];

    [Fact]
    public void An_empty_name_is_reported_and_nothing_is_submitted()
    {
        var form = Render(UserClassDraft.New());

        form.Find("form").Submit();

        Assert.Contains("Name is required.", FieldText(form, "user-class-name"));
        Assert.Empty(submitted);
    }

    [Theory]
    [InlineData("user-class-max-sensors", "Max sensors must be at least 0.")]
    [InlineData("user-class-max-connected", "Sensors connected at once must be at least 1.")]
    [InlineData("user-class-max-applications", "Max applications must be at least 0.")]
    [InlineData("user-class-cpu", "CPU per application (millicores) must be at least 10.")]
    [InlineData("user-class-retention", "Retention (days) must be at least 1.")]
    public void A_negative_number_is_reported_next_to_its_field(string field, string message)
    {
        var draft = UserClassDraft.New();
        draft.Name = "Gold";
        var form = Render(draft);

        form.Find($"[data-testid={field}]").Change("-5");
        form.Find("form").Submit();

        Assert.Contains(message, FieldText(form, field));
        Assert.DoesNotContain(message, FieldText(form, "user-class-name"));
        Assert.Empty(submitted);
    }

    [Fact]
    public void A_valid_class_is_handed_on_with_what_was_typed()
    {
        var form = Render(UserClassDraft.New());

        form.Find("[data-testid=user-class-name]").Change("Gold");
        form.Find("[data-testid=user-class-max-sensors]").Change("42");
        form.Find("form").Submit();

        var draft = Assert.Single(submitted);
        Assert.Equal("Gold", draft.Name);
        Assert.Equal(42, draft.MaxSensors);
        Assert.Empty(form.FindAll(".mud-input-error"));
    }

    [Fact]
    public void Refusals_from_the_server_are_shown_escaped_and_the_input_stays()
    {
        var draft = UserClassDraft.New();
        draft.Name = "<b>Gold</b>";
        var form = RenderMud<UserClassForm>(parameters => parameters
            .Add(p => p.Model, draft)
            .Add(p => p.ServerErrors, [UserClassService.DuplicateNameMessage(draft.Name)]));

        var errors = form.Find("[data-testid=user-class-form-errors]");
        Assert.Contains("already exists", errors.TextContent);
        Assert.Empty(errors.QuerySelectorAll("b"));
        Assert.Equal("<b>Gold</b>", form.Find("[data-testid=user-class-name]").GetAttribute("value"));
    }

    /// <summary>What a person reads around a field: its label, its value and its error.</summary>
    private static string FieldText(IRenderedComponent<UserClassForm> form, string testId) =>
        form.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    private IRenderedComponent<UserClassForm> Render(UserClassDraft draft) =>
        RenderMud<UserClassForm>(parameters => parameters
            .Add(p => p.Model, draft)
            .Add(p => p.OnValidSubmit, (UserClassDraft d) => submitted.Add(d)));
}
