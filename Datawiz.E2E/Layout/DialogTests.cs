using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Layout;

/// <summary>Confirmations before destructive actions: red, and Escape backs out without doing anything.</summary>
public sealed class DialogTests(BrowserFixture browser)
{
    [Fact]
    public async Task Escape_closes_a_confirmation_and_nothing_is_deleted()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("dialog");
        var member = await app.CreateAccountAsync(email);
        var network = await app.CreateNetworkAsync(member.Id, "Cellar WiFi");
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var networks = new NetworkPages(page);
            await new Shell(page).OpenAsync($"/networks/{network.Id}");
            var confirm = new ConfirmDialog(page);

            await networks.StartDeletingAsync();
            await Expect(confirm.Content).ToContainTextAsync("Cellar WiFi");
            // Destructive, so red: MudBlazor marks the colour in the button's class.
            await Expect(confirm.Action).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-button-filled-error"));
            await confirm.EscapeAsync();

            await new Shell(page).OpenAsync($"/networks/{network.Id}");
            await Expect(networks.Title).ToHaveTextAsync("Cellar WiFi");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
