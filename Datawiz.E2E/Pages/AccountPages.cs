namespace Datawiz.E2E.Pages;

/// <summary>The static account forms: register and sign in.</summary>
public sealed class RegisterPage(IPage page)
{
    public async Task RegisterAsync(string email, string displayName, string password)
    {
        await page.GotoAsync("/account/register");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#displayName").FillAsync(displayName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#confirmPassword").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
    }
}

public sealed class LoginPage(IPage page)
{
    public ILocator Errors => page.Locator("[data-testid=form-errors]");

    public ILocator PendingNotice => page.Locator("[data-testid=registered-pending]");

    public async Task SignInAsync(string email, string password)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GotoAsync("/account/login");
        }
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
