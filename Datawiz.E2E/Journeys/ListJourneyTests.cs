using System.Text.RegularExpressions;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.UserClasses;
using Datawiz.E2E.Pages;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.E2E.Journeys;

/// <summary>Lists keep their state in their address, and times follow the browser's zone.</summary>
public sealed class ListJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_search_survives_going_to_an_item_and_back_and_a_shared_link_with_nonsense_still_opens()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("lister");
        var owner = await app.CreateAccountAsync(email);
        foreach (var name in new[] { "Balcony west", "Balcony east", "Cellar" })
        {
            await NameAsync(app, await app.InsertSensorAsync(owner.Id), name);
        }
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            await sensors.OpenListAsync();
            await Expect(sensors.Links).ToHaveCountAsync(3);

            await sensors.Search.FillAsync("cellar");
            await page.WaitForURLAsync("**/sensors?q=cellar");
            await Expect(sensors.Links).ToHaveCountAsync(1);
            await sensors.Links.First.ClickAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Cellar");

            await page.GoBackAsync();
            await page.WaitForURLAsync("**/sensors?q=cellar");
            await Expect(sensors.Search).ToHaveValueAsync("cellar");
            await Expect(sensors.Links).ToHaveCountAsync(1);
            await Expect(sensors.Links).ToHaveTextAsync("Cellar");

            // A shared link: sorted by name, descending; the values that make no sense are ignored.
            await new Shell(page).OpenAsync("/sensors?q=balcony&sort=Name&order=desc&page=banana&size=7&type=nope");
            await Expect(sensors.Links).ToHaveTextAsync(["Balcony west", "Balcony east"]);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_audit_log_reviews_notifications_and_user_classes_keep_their_search_filters_sort_and_page_in_the_address()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("keeper");
        var admin = await app.CreateAccountAsync(email, role: Roles.Admin);
        var submitter = await app.NewActorAsync();
        await using (var db = await app.DbAsync())
        {
            foreach (var name in new[] { "Alpha tier", "Zeta tier" })
            {
                var userClass = UserClass.Standard();
                userClass.Name = name;
                userClass.IsDefault = false;
                db.UserClasses.Add(userClass);
            }
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await app.AddSensorTypeAsync(submitter.UserId, "Hygro tier");
        await app.AddApplicationTemplateAsync(submitter.UserId, "Flow tier");
        var now = app.Clock.GetUtcNow();
        await app.AddAuditEntryAsync(now, "Ada", AuditAction.Create, AuditEntities.UserClass, Guid.NewGuid().ToString(), "Made tier one");
        await app.AddAuditEntryAsync(now, "Ada", AuditAction.Delete, AuditEntities.UserClass, Guid.NewGuid().ToString(), "Removed tier two");
        for (var i = 1; i <= 12; i++)
        {
            await app.AddNotificationAsync(admin.Id, $"Note {i:00}", now.AddMinutes(i));
        }
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var shell = new Shell(page);

            // User classes: a shared link sorts by name descending; the nonsense page is ignored; typing a search is kept.
            var classNames = page.Locator("[data-testid=user-classes-grid] tbody tr td:first-child");
            await shell.OpenAsync("/admin/user-classes?q=tier&sort=Name&order=desc&page=banana");
            await Expect(classNames).ToHaveTextAsync(["Zeta tier", "Alpha tier"]);
            await page.Locator("input[data-testid=user-classes-search]").FillAsync("alpha");
            await page.WaitForURLAsync(new Regex(@"/admin/user-classes\?q=alpha&sort=Name&order=desc$"));
            await Expect(classNames).ToHaveTextAsync(["Alpha tier"]);

            // Reviews: the kind filter by name (a number is no name); the search survives going to an item and back.
            var reviews = new ReviewPages(page);
            await shell.OpenAsync("/admin/reviews?kind=ApplicationTemplate");
            await Expect(reviews.Items).ToHaveTextAsync(["Flow tier"]);
            await shell.OpenAsync("/admin/reviews?kind=1");
            await Expect(reviews.Items).ToHaveCountAsync(2);
            await page.Locator("input[data-testid=reviews-search]").FillAsync("hygro");
            await page.WaitForURLAsync("**/admin/reviews?q=hygro");
            await Expect(reviews.Items).ToHaveTextAsync(["Hygro tier"]);
            await reviews.OpenAsync("Hygro tier");
            await page.GoBackAsync();
            await page.WaitForURLAsync("**/admin/reviews?q=hygro");
            await Expect(page.Locator("input[data-testid=reviews-search]")).ToHaveValueAsync("hygro");
            await Expect(reviews.Items).ToHaveTextAsync(["Hygro tier"]);

            // Audit log: search, action and dates from the address; a day that is no day is ignored.
            var summaries = page.Locator("[data-testid=audit-summary]");
            await shell.OpenAsync("/admin/audit?q=tier&action=Delete&from=2000-13-01");
            await Expect(summaries).ToHaveTextAsync(["Removed tier two"]);
            await Expect(page.Locator("input[data-testid=audit-search]")).ToHaveValueAsync("tier");
            await shell.OpenAsync($"/admin/audit?q=tier&from={now.AddYears(1):yyyy-MM-dd}");
            await Expect(page.GetByText("No entries match")).ToBeVisibleAsync();
            await Expect(summaries).ToHaveCountAsync(0);

            // Notifications: newest first, ten a page. (The page number in the address is not restored yet: the grid
            // starts on the first page whatever currentPage says before its first load, in every list.)
            var notifications = new NotificationsPage(page);
            await shell.OpenAsync("/notifications?size=10");
            await Expect(notifications.Messages).ToHaveCountAsync(10);
            await Expect(notifications.Messages.First).ToHaveTextAsync("Note 12");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Times_follow_the_browsers_zone_and_the_next_page_has_it_from_the_start()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("tokyo");
        var owner = await app.CreateAccountAsync(email);
        var sensorId = await app.InsertSensorAsync(owner.Id);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.BaseAddress.ToString(), TimezoneId = "Asia/Tokyo" });
        try
        {
            var page = await context.NewPageAsync();
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            await new Shell(page).OpenAsync($"/sensors/{sensorId}");
            await Expect(sensors.CreatedTime).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"UTC\+09:00 \(Asia/Tokyo\)$"));

            // The cookie the module wrote lets the server render the zone before any script runs.
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            var cookies = await context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "datawiz-tz" && Uri.UnescapeDataString(c.Value) == "Asia/Tokyo");
            var request = new HttpRequestMessage(HttpMethod.Get, $"/sensors/{sensorId}");
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
            var markup = System.Net.WebUtility.HtmlDecode(
                await (await client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Contains("data-testid=\"sensor-title\"", markup);
            Assert.Contains("UTC+09:00 (Asia/Tokyo)", markup);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task NameAsync(DatawizApp app, Guid sensorId, string name)
    {
        await using var db = await app.DbAsync();
        var sensor = await db.Sensors.SingleAsync(s => s.Id == sensorId, TestContext.Current.CancellationToken);
        sensor.Name = name;
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
