using Datawiz.Domain.Common;
using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task A_save_over_a_change_made_since_the_editor_opened_is_refused_with_an_offer_to_reload()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var type = await app.AddSensorTypeAsync(null, status: ReviewStatus.Approved);
        var page = await browser.NewPageAsync(app.BaseAddress);
        var shell = new Shell(page);
        await new LoginPage(page).SignInAsync(DatawizApp.AdminEmail, DatawizApp.AdminPassword);
        await Expect(shell.SignedInAs).ToBeVisibleAsync();
        await shell.OpenAsync($"/sensor-types/{type.Id}/edit");
        var name = page.Locator("input[data-testid=type-name]");
        await Expect(name).ToHaveValueAsync(type.Name);

        // Another administrator saves first: the row changes and gets a new stamp, as his save would give it.
        await app.QueryAsync(db => db.SensorTypes.Where(t => t.Id == type.Id).ExecuteUpdateAsync(set => set
            .SetProperty(t => t.Name, type.Name + " (theirs)")
            .SetProperty(t => t.ConcurrencyStamp, Guid.NewGuid()), TestContext.Current.CancellationToken));

        await name.FillAsync(type.Name + " (mine)");
        // The sample type declares WIFI_SSID, which the rules now reserve; without it the form is valid.
        await page.Locator("[data-testid=remove-variable-0]").ClickAsync();
        await page.Locator("[data-testid=sensor-type-submit]").ClickAsync();
        var conflict = page.Locator("[data-testid=save-conflict]");
        await Expect(conflict).ToContainTextAsync("was changed after you opened it");
        await Expect(name).ToHaveValueAsync(type.Name + " (mine)");
        await conflict.Locator("[data-testid=save-conflict-reload]").ClickAsync();
        await Expect(name).ToHaveValueAsync(type.Name + " (theirs)");
        await Expect(conflict).ToHaveCountAsync(0);
        Assert.Equal(type.Name + " (theirs)", await app.QueryAsync(db => db.SensorTypes.Where(t => t.Id == type.Id).Select(t => t.Name).SingleAsync(TestContext.Current.CancellationToken)));
    }

    /// <summary>A client-side navigation, as following a link inside the circuit does (no page load).</summary>
    private static async Task NavigateInPlaceAsync(IPage page, string path)
    {
        await page.EvaluateAsync("path => Blazor.navigateTo(path)", path);
        await page.WaitForURLAsync($"**{path}");
    }
}
