namespace Datawiz.E2E.Pages;

/// <summary>The portal's one confirmation before a destructive action.</summary>
public sealed class ConfirmDialog(IPage page)
{
    /// <summary>The dialog's content (MudDialog puts the test id there; its buttons are in the same dialog).</summary>
    public ILocator Content => page.Locator("[data-testid=confirm-dialog]");

    public ILocator Dialog => page.Locator(".mud-dialog", new() { Has = Content });

    public ILocator Action => Dialog.Locator("[data-testid=confirm-action]");

    /// <summary>Presses Escape until the dialog is gone, for at most 30 s.</summary>
    /// <remarks>
    /// MudBlazor starts listening for Escape from script after the dialog's first render, over the circuit; on a
    /// loaded machine a key pressed before that is lost (CI failed twice so), as a person's would be in that instant.
    /// </remarks>
    public async Task EscapeAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Expect(Dialog).ToHaveCountAsync(0, new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet: press again.
            }
        }
    }
}
