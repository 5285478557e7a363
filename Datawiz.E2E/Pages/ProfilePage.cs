namespace Datawiz.E2E.Pages;

/// <summary>The profile's MQTT password and access token sections (an interactive island on the static page) and their dialogs.</summary>
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

    public ILocator TokenSection => page.Locator("[data-testid=access-tokens-section]");

    public ILocator TokenName => page.Locator("input[data-testid=access-token-name]");

    public ILocator TokenLifetime => page.Locator("[data-testid=access-token-lifetime]");

    public ILocator CreateTokenButton => page.Locator("[data-testid=access-token-create]");

    public ILocator TokenDialog => page.Locator(".mud-dialog", new() { Has = page.Locator("[data-testid=access-token-dialog]") });

    public ILocator DialogToken => page.Locator("[data-testid=access-token-value]");

    public ILocator TokenDialogDone => page.Locator("[data-testid=access-token-done]");

    public ILocator TokenRows => page.Locator("[data-testid=access-token-row]");

    public ILocator NoTokens => page.Locator("[data-testid=access-tokens-empty]");

    public async Task OpenAsync()
    {
        await page.GotoAsync("/account/profile");
        await Expect(MqttSection).ToBeVisibleAsync();
    }
}
