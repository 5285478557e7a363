using System.Text.RegularExpressions;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
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
    public async Task The_page_number_survives_going_to_an_item_and_back_and_opens_from_a_shared_link()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("pager");
        var owner = await app.CreateAccountAsync(email);
        for (var i = 1; i <= 12; i++)
        {
            await NameAsync(app, await app.InsertSensorAsync(owner.Id), $"Sensor {i:00}");
        }
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var sensors = new SensorPages(page);
            var shell = new Shell(page);
            await shell.OpenAsync("/sensors?sort=Name&size=10");
            await Expect(sensors.Links).ToHaveCountAsync(10);
            await Expect(sensors.Links.First).ToHaveTextAsync("Sensor 01");

            await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/sensors\?(?=.*\bpage=2\b)(?=.*\bsize=10\b)(?=.*\bsort=Name\b)"));
            await Expect(sensors.Links).ToHaveTextAsync(["Sensor 11", "Sensor 12"]);
            var pageTwo = page.Url;

            await sensors.Links.First.ClickAsync();
            await Expect(sensors.Title).ToHaveTextAsync("Sensor 11");
            await page.GoBackAsync();
            await page.WaitForURLAsync(pageTwo);
            await Expect(sensors.Links).ToHaveTextAsync(["Sensor 11", "Sensor 12"]);
            await Expect(page.GetByText("11-12 of 12")).ToBeVisibleAsync();
            // The address still says page 2 once the list has loaded (the grid did not write page 1 back).
            Assert.Equal(pageTwo, page.Url);

            // A shared link opens on its page; one past the end opens the first page and drops the page from the address.
            await shell.OpenAsync("/sensors?page=2&size=10&sort=Name");
            await Expect(sensors.Links).ToHaveTextAsync(["Sensor 11", "Sensor 12"]);
            await shell.OpenAsync("/sensors?page=9&size=10&sort=Name");
            await Expect(sensors.Links).ToHaveCountAsync(10);
            await Expect(sensors.Links.First).ToHaveTextAsync("Sensor 01");
            await Expect(page).ToHaveURLAsync(new Regex(@"/sensors\?(?!.*\bpage=)"));
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

            // Notifications: newest first, ten a page; the page in the address is the page shown.
            var notifications = new NotificationsPage(page);
            await shell.OpenAsync("/notifications?size=10");
            await Expect(notifications.Messages).ToHaveCountAsync(10);
            await Expect(notifications.Messages.First).ToHaveTextAsync("Note 12");
            await shell.OpenAsync("/notifications?page=2&size=10");
            await Expect(notifications.Messages).ToHaveTextAsync(["Note 02", "Note 01"]);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_filters_of_users_sensor_types_templates_and_groups_are_kept_in_the_address()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var email = TestAccounts.UniqueEmail("filterer");
        await app.CreateAccountAsync(email, role: Roles.Admin);
        var tag = Guid.NewGuid().ToString("N")[..6];
        await app.CreateAccountAsync(TestAccounts.UniqueEmail($"waiting{tag}"), status: UserStatus.Pending);
        await app.CreateAccountAsync(TestAccounts.UniqueEmail($"active{tag}"));
        var other = await app.CreateAccountAsync(TestAccounts.UniqueEmail("other"));
        await app.AddSensorTypeAsync(other.Id, $"Sift {tag} approved", ReviewStatus.Approved);
        await app.AddSensorTypeAsync(other.Id, $"Sift {tag} waiting");
        await app.AddApplicationTemplateAsync(other.Id, $"Sift {tag} approved", ReviewStatus.Approved);
        await app.AddApplicationTemplateAsync(other.Id, $"Sift {tag} waiting");
        var othersGroup = await app.CreateGroupAsync(other.Id);
        var page = await browser.NewPageAsync(app.BaseAddress);
        try
        {
            await new LoginPage(page).SignInAsync(email, TestAccounts.Password);
            var shell = new Shell(page);

            // Users: the status from a shared link; a role chosen is added to the address beside it.
            var statuses = page.Locator("[data-testid=users-grid] [data-testid=user-status]");
            await shell.OpenAsync($"/admin/users?q={tag}&status=pending");
            await Expect(statuses).ToHaveTextAsync(["Pending"]);
            await MudSelect.ExpectShowsAsync(page.Locator("[data-testid=users-status-filter]"), "Pending");
            await MudSelect.ChooseAsync(page, page.Locator("[data-testid=users-role-filter]"), "Admin");
            await MudSelect.ChooseAsync(page, page.Locator("[data-testid=users-role-filter]"), "Admin");
            await Expect(page).ToHaveURLAsync(new Regex(@"/admin/users\?(?=.*\bstatus=Pending\b)(?=.*\brole=Admin\b)"));
            await Expect(page.GetByText("No accounts match")).ToBeVisibleAsync();

            // Sensor types and templates: the status filter from the address.
            await shell.OpenAsync($"/sensor-types?q=sift%20{tag}&status=Submitted");
            await Expect(page.Locator("[data-testid=sensor-type-link]")).ToHaveTextAsync([$"Sift {tag} waiting"]);
            await shell.OpenAsync($"/applications/templates?q=sift%20{tag}&status=Approved");
            await Expect(page.Locator("[data-testid=template-link]")).ToHaveTextAsync([$"Sift {tag} approved"]);

            // Groups: an administrator's "All groups" from the address; switching it off leaves the address.
            var groups = page.Locator("[data-testid=group-link]");
            await shell.OpenAsync("/groups?all=true");
            await Expect(groups.GetByText(othersGroup.Name)).ToBeVisibleAsync();
            await page.GetByLabel("All groups").UncheckAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/groups$"));
            await Expect(groups.GetByText(othersGroup.Name)).ToHaveCountAsync(0);
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
