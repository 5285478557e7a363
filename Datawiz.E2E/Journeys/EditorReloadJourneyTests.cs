using Datawiz.Domain.Common;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// Following a link from one editor to the same editor of another item keeps the page component; the form
/// must then show (and save) the other item, never the first one's content.
/// </summary>
public sealed class EditorReloadJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_sensor_type_and_template_editors_reload_when_their_id_changes_in_place()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var firstType = await app.AddSensorTypeAsync(null, status: ReviewStatus.Approved);
        var secondType = await app.AddSensorTypeAsync(null, status: ReviewStatus.Approved);
        var firstTemplate = await app.AddApplicationTemplateAsync(null, status: ReviewStatus.Approved);
        var secondTemplate = await app.AddApplicationTemplateAsync(null, status: ReviewStatus.Approved);
        var page = await browser.NewPageAsync(app.BaseAddress);
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(DatawizApp.AdminEmail, DatawizApp.AdminPassword);
        await Expect(shell.SignedInAs).ToBeVisibleAsync();

        await shell.OpenAsync($"/sensor-types/{firstType.Id}/edit");
        await Expect(page.Locator("input[data-testid=type-name]")).ToHaveValueAsync(firstType.Name);
        await NavigateInPlaceAsync(page, $"/sensor-types/{secondType.Id}/edit");
        await Expect(page.Locator("input[data-testid=type-name]")).ToHaveValueAsync(secondType.Name);

        await shell.OpenAsync($"/applications/templates/{firstTemplate.Id}/edit");
        await Expect(page.Locator("input[data-testid=template-name]")).ToHaveValueAsync(firstTemplate.Name);
        await NavigateInPlaceAsync(page, $"/applications/templates/{secondTemplate.Id}/edit");
        await Expect(page.Locator("input[data-testid=template-name]")).ToHaveValueAsync(secondTemplate.Name);
    }

    /// <summary>A client-side navigation, as following a link inside the circuit does (no page load).</summary>
    private static async Task NavigateInPlaceAsync(IPage page, string path)
    {
        await page.EvaluateAsync("path => Blazor.navigateTo(path)", path);
        await page.WaitForURLAsync($"**{path}");
    }
}
