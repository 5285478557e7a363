using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Datawiz.Web.Tests.Components;

/// <summary>
/// The base of component tests: MudBlazor's services and loose JavaScript interop (MudBlazor calls into
/// its own script, which does not run here). <see cref="RenderMud{TComponent}"/> renders the popover
/// provider first, as the layout does; tests add their own services (authorization, fakes) before it.
/// </summary>
public abstract class MudBlazorTestContext : BunitContext
{
    private bool providersRendered;

    protected MudBlazorTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    protected IRenderedComponent<TComponent> RenderMud<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        if (!providersRendered)
        {
            Render<MudPopoverProvider>();
            providersRendered = true;
        }
        return Render(parameters ?? (_ => { }));
    }
}
