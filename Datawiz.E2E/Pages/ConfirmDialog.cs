namespace Datawiz.E2E.Pages;

/// <summary>The portal's one confirmation before a destructive action.</summary>
public sealed class ConfirmDialog(IPage page)
{
    /// <summary>The dialog's content (MudDialog puts the test id there; its buttons are in the same dialog).</summary>
    public ILocator Content => page.Locator("[data-testid=confirm-dialog]");

    public ILocator Dialog => page.Locator(".mud-dialog", new() { Has = Content });

    public ILocator Action => Dialog.Locator("[data-testid=confirm-action]");
}
