namespace Datawiz.E2E.Pages;

/// <summary>The profile's MQTT password section (an interactive island on the static page) and its dialog.</summary>
public sealed class ProfilePage(IPage page)
{
    public ILocator MqttSection => page.Locator("[data-testid=mqtt-password-section]");

    public ILocator MqttUsername => page.Locator("[data-testid=mqtt-username]");

    public ILocator MqttState => page.Locator("[data-testid=mqtt-password-state]");

    public ILocator CreateButton => page.Locator("[data-testid=mqtt-password-create]");

    public ILocator RegenerateButton => page.Locator("[data-testid=mqtt-password-regenerate]");

    public ILocator PasswordDialog => page.Locator(".mud-dialog", new() { Has = page.Locator("[data-testid=mqtt-password-dialog]") });

    public ILocator DialogPassword => page.Locator("[data-testid=mqtt-dialog-password]");

    public ILocator DialogDone => page.Locator("[data-testid=mqtt-password-done]");

    public async Task OpenAsync()
    {
        await page.GotoAsync("/account/profile");
        await Expect(MqttSection).ToBeVisibleAsync();
    }
}
