using System.Text.RegularExpressions;
using Datawiz.E2E.Pages;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.E2E.Journeys;

/// <summary>
/// The whole path through the portal in one app: an administrator sets up a class and a sensor type, a
/// member builds a network and sensors on it and proposes an application template, the administrator
/// approves it, and the member learns of the decision and discusses the template.
/// Admin and member each have a browser context of their own, as two people at two computers would.
/// </summary>
public sealed partial class PortalJourneyTests(BrowserFixture browser)
{
    private const string ClassName = "Lab";
    private const string TypeName = "ESP8266 DHT11";
    private const string TypeHardware = "ESP8266 + DHT11";
    private const string NetworkName = "Lab WiFi";
    private const string TemplateName = "Greenhouse dashboard";
    private const string ReviewComment = "Approved: resources are modest and the manifest is clean.";

    // What the portal issues: "s-" and 12 base32 characters; 32 random bytes as URL-safe base64.
    [GeneratedRegex("^s-[a-z2-7]{12}$")]
    private static partial Regex MqttUsername();

    [GeneratedRegex("^[A-Za-z0-9_-]{43}$")]
    private static partial Regex MqttPassword();

    [Fact]
    public async Task Admin_sets_up_a_member_builds_sensors_and_a_template_is_reviewed_and_discussed()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var memberEmail = TestAccounts.UniqueEmail("member");
        await app.CreateAccountAsync(memberEmail);
        var admin = await SignedInPageAsync(app, DatawizApp.AdminEmail, DatawizApp.AdminPassword);
        var member = await SignedInPageAsync(app, memberEmail, TestAccounts.Password);
        try
        {
            await AdminCreatesClassAndSensorTypeAsync(admin, memberEmail);
            await MemberAddsNetworkAndSensorSeeingItsPasswordOnceAsync(app, member);
            await MemberImportsThreeSensorsAsync(member);
            var templateUrl = await MemberProposesTemplateAsync(member);
            await AdminApprovesTemplateAsync(admin, memberEmail);
            await MemberLearnsOfTheDecisionAndCommentsAsync(member, templateUrl);
        }
        finally
        {
            // Closed before the app stops, so no page keeps trying to reconnect its circuit.
            await admin.Context.CloseAsync();
            await member.Context.CloseAsync();
        }
    }

    private async Task<IPage> SignedInPageAsync(DatawizApp app, string email, string password)
    {
        var page = await browser.NewPageAsync(app.BaseAddress);
        await new LoginPage(page).SignInAsync(email, password);
        await Expect(new Shell(page).SignedInAs).ToBeVisibleAsync();
        return page;
    }

    private static async Task AdminCreatesClassAndSensorTypeAsync(IPage page, string memberEmail)
    {
        var classes = new UserClassesPage(page);
        await classes.OpenAsync();
        await classes.CreateAsync(ClassName, maxSensors: 10, maxApplications: 2);
        await Expect(classes.RowOf(ClassName)).ToContainTextAsync("10");

        // The member's limits come from the new class.
        var users = new UsersPage(page);
        await users.OpenAsync();
        await users.ChangeClassAsync(memberEmail, ClassName);
        await users.OpenAsync();
        await MudSelect.ExpectShowsAsync(users.ClassOf(memberEmail), ClassName);

        var types = new SensorTypePages(page);
        await types.OpenListAsync();
        await types.StartNewAsync();
        await types.FillAsync("type-name", TypeName);
        await types.FillAsync("type-hardware", TypeHardware);
        await types.ClickAsync("add-field");
        await types.FillAsync("field-key-0", "temperature");
        await types.FillAsync("field-label-0", "Temperature");
        await types.FillAsync("field-unit-0", "°C");
        await types.ClickAsync("add-variable");
        await types.FillAsync("variable-key-0", "READ_INTERVAL");
        await types.FillAsync("variable-label-0", "Read interval (s)");
        await types.ChooseAsync("variable-type-0", "Int");
        await types.FillAsync("variable-default-0", "60");
        await types.FillAsync("variable-min-0", "10");
        await types.FillAsync("variable-max-0", "3600");
        await types.FillAsync("template-content-0",
            "const char* ssid = \"{{WIFI_SSID}}\";\nconst char* mqttUser = \"{{MQTT_USERNAME}}\";\nconst int readInterval = {{READ_INTERVAL}};");
        await types.ClickAsync("sensor-type-submit");

        // An administrator's type is offered at once, without a review.
        await Expect(types.Heading).ToHaveTextAsync(TypeName);
        await Expect(types.Status).ToHaveTextAsync("Approved");
        await Expect(types.Code).ToContainTextAsync("{{READ_INTERVAL}}");
        await Expect(page.Locator("[data-testid=sensor-type-variables]")).ToContainTextAsync("READ_INTERVAL");
    }

    private static async Task MemberAddsNetworkAndSensorSeeingItsPasswordOnceAsync(DatawizApp app, IPage page)
    {
        var networks = new NetworkPages(page);
        await networks.AddAsync(NetworkName, "lab-wifi", "lab-wifi-password");
        await Expect(networks.ListLink(NetworkName)).ToBeVisibleAsync();

        var sensors = new SensorPages(page);
        await sensors.OpenListAsync();
        await Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("No sensors yet");
        await sensors.StartNewAsync();
        await sensors.FillNameAsync("Greenhouse 1");
        await sensors.ChooseTypeAsync($"{TypeName} ({TypeHardware})");
        await sensors.ChooseNetworkAsync(NetworkName);
        await sensors.FillVariableAsync("READ_INTERVAL", "30");
        await sensors.SubmitAsync();

        await Expect(sensors.CredentialsDialog).ToBeVisibleAsync();
        await Expect(sensors.Passwords).ToHaveCountAsync(1);
        await Expect(sensors.Passwords).ToHaveTextAsync(MqttPassword());
        await Expect(sensors.Usernames).ToHaveTextAsync(MqttUsername());
        var password = await sensors.Passwords.InnerTextAsync();
        var username = await sensors.Usernames.InnerTextAsync();
        Assert.True(await StoredPasswordMatchesAsync(app, username, password), "The password shown is not the one the portal stored.");
        await sensors.CloseCredentialsAsync();

        // The sensor's page names the account but never shows the password again, not even after a reload.
        await Expect(sensors.Title).ToHaveTextAsync("Greenhouse 1");
        await Expect(sensors.Username).ToHaveTextAsync(username);
        await Expect(sensors.Passwords).ToHaveCountAsync(0);
        await Expect(page.GetByText(password)).ToHaveCountAsync(0);
        await new Shell(page).OpenAsync(page.Url);
        await Expect(sensors.Title).ToHaveTextAsync("Greenhouse 1");
        await Expect(page.GetByText(password)).ToHaveCountAsync(0);
    }

    private static async Task MemberImportsThreeSensorsAsync(IPage page)
    {
        var sensors = new SensorPages(page);
        await sensors.OpenListAsync();
        var import = new SensorImportPage(page);
        await import.OpenAsync();
        // The third row has no network and leaves the interval to the type's default.
        await import.UploadAsync("greenhouse.csv",
            "name,type,network,READ_INTERVAL\r\n"
            + $"Greenhouse 2,{TypeName},{NetworkName},120\r\n"
            + $"Greenhouse 3,{TypeName},{NetworkName},\r\n"
            + $"Greenhouse 4,{TypeName},,600\r\n");

        await Expect(import.Success).ToHaveTextAsync("Imported 3 sensors.");
        await Expect(import.CredentialRows).ToHaveCountAsync(3);
        foreach (var name in new[] { "Greenhouse 2", "Greenhouse 3", "Greenhouse 4" })
        {
            await Expect(import.RowOf(name).Locator("[data-testid=credential-username]")).ToHaveTextAsync(MqttUsername());
            await Expect(import.RowOf(name).Locator("[data-testid=credential-password]")).ToHaveTextAsync(MqttPassword());
        }

        await sensors.OpenListAsync();
        await Expect(sensors.Links).ToHaveCountAsync(4);
        await Expect(sensors.Links).ToHaveTextAsync(["Greenhouse 1", "Greenhouse 2", "Greenhouse 3", "Greenhouse 4"]);
    }

    private static async Task<string> MemberProposesTemplateAsync(IPage page)
    {
        var templates = new TemplatePages(page);
        await templates.StartNewAsync();
        await templates.FillAsync("template-name", TemplateName);
        await templates.FillAsync("template-version", "1.0");
        await templates.FillAsync("template-description", "Node-RED flows that chart the greenhouse sensors.");
        await templates.SaveAsync();
        await Expect(templates.Title).ToHaveTextAsync($"{TemplateName} 1.0");
        await Expect(templates.Status).ToHaveTextAsync("Draft");

        await templates.SubmitForReviewAsync();
        await Expect(templates.Status).ToHaveTextAsync("Submitted");
        return page.Url;
    }

    private static async Task AdminApprovesTemplateAsync(IPage page, string memberEmail)
    {
        var reviews = new ReviewPages(page);
        await reviews.OpenQueueAsync();
        await reviews.OpenAsync(TemplateName);
        await Expect(reviews.Name).ToHaveTextAsync(TemplateName);
        await Expect(reviews.Status).ToHaveTextAsync("Submitted");
        await Expect(reviews.Submitter).ToContainTextAsync(memberEmail);
        await reviews.ApproveAsync(ReviewComment);

        await new Shell(page).WaitUntilInteractiveAsync();
        await Expect(page.Locator("[data-testid=empty-state]")).ToContainTextAsync("Nothing waits for review");
    }

    private static async Task MemberLearnsOfTheDecisionAndCommentsAsync(IPage page, string templateUrl)
    {
        // The bell counts again on the next page the member opens.
        var shell = new Shell(page);
        await shell.OpenAsync("/sensors");
        await Expect(shell.NotificationBell).ToHaveAttributeAsync("aria-label", "Notifications, 1 unread");

        var notifications = new NotificationsPage(page);
        await notifications.OpenFromBellAsync();
        await Expect(notifications.Messages).ToHaveCountAsync(1);
        await Expect(notifications.Messages).ToContainTextAsync($"\"{TemplateName}\" was approved");
        await Expect(notifications.Messages).ToContainTextAsync(ReviewComment);
        await notifications.OpenNewestAsync();

        // Opening it leads to the template and reads it.
        await page.WaitForURLAsync(templateUrl);
        await shell.WaitUntilInteractiveAsync();
        var templates = new TemplatePages(page);
        await Expect(templates.Status).ToHaveTextAsync("Approved");
        await Expect(templates.Review).ToContainTextAsync(ReviewComment);
        await Expect(shell.NotificationBell).ToHaveAttributeAsync("aria-label", "Notifications");

        await templates.AddCommentAsync("Thanks! Using it for the greenhouse now.");
        await Expect(templates.Comments).ToHaveCountAsync(1);
        await Expect(templates.Comments.First.Locator("[data-testid=comment-text]")).ToHaveTextAsync("Thanks! Using it for the greenhouse now.");
    }

    private static async Task<bool> StoredPasswordMatchesAsync(DatawizApp app, string username, string password)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var hash = await db.Sensors.Where(s => s.MqttUsername == username).Select(s => s.MqttPasswordHash)
            .SingleAsync(TestContext.Current.CancellationToken);
        return SensorCredentials.Verify(hash, password);
    }
}
