using Bunit;
using Datawiz.Web.Components.Shared;

namespace Datawiz.Web.Tests.Components;

public sealed class EmptyStateTests : MudBlazorTestContext
{
    [Fact]
    public void Shows_the_title_and_what_to_do_next()
    {
        var state = RenderMud<EmptyState>(parameters => parameters
            .Add(p => p.Title, "No sensors yet")
            .AddChildContent("Register your first sensor."));

        Assert.Equal("No sensors yet", state.Find("h6").TextContent);
        Assert.Contains("Register your first sensor.", state.Find("[data-testid=empty-state]").TextContent);
    }

    [Fact]
    public void Text_is_shown_escaped_never_as_markup()
    {
        var state = RenderMud<EmptyState>(parameters => parameters.Add(p => p.Title, "<script>alert(1)</script>"));

        Assert.Empty(state.FindAll("script"));
        Assert.Contains("&lt;script&gt;", state.Markup);
    }
}
