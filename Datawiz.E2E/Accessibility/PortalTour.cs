using System.Reflection;
using Datawiz.Domain.Common;
using Datawiz.Domain.Reviews;
using Datawiz.Domain.Sensors;
using Datawiz.E2E.Pages;
using Datawiz.Infrastructure.Applications;
using Datawiz.Infrastructure.Groups;
using Datawiz.Web.Components.Pages.Reviews;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.E2E.Accessibility;

public enum Audience
{
    SignedOut,
    Member,
    Admin,
}

public enum Theme
{
    Light,
    Dark,
}

/// <summary>One address to visit, with the <c>@page</c> template it stands for.</summary>
public sealed record TourStop(string Template, string Path, bool IsStatic);

/// <summary>
/// One app with something on every page (a sensor, a network, a group, types, templates, an application,
/// items waiting for review) for a member and for the administrator, and the addresses of every page each
/// of them (and a visitor not signed in) can open. Shared by the accessibility and layout tests.
/// </summary>
public sealed class PortalTour : IAsyncLifetime
{
    public const string ThemeCookieName = "datawiz.theme";

    private readonly SqliteApp app = new();
    private readonly Dictionary<Audience, List<TourStop>> stops = [];

    public DatawizApp App => app;

    public string MemberEmail { get; } = TestAccounts.UniqueEmail("tour");

    /// <summary>Every route template of the portal's pages, read from their <c>@page</c> directives.</summary>
    public static IReadOnlyDictionary<string, bool> AllTemplates { get; } = typeof(Program).Assembly.GetTypes()
        .Where(type => typeof(IComponent).IsAssignableFrom(type))
        .SelectMany(type => type.GetCustomAttributes<RouteAttribute>()
            .Select(route => (route.Template, IsStatic: type.GetCustomAttribute<ExcludeFromInteractiveRoutingAttribute>() is not null
                || type.Namespace?.EndsWith(".Account", StringComparison.Ordinal) == true)))
        .ToDictionary(route => route.Template, route => route.IsStatic);

    public IReadOnlyList<TourStop> StopsFor(Audience audience) => stops[audience];

    public async ValueTask InitializeAsync()
    {
        await app.InitializeAsync();
        var member = await app.CreateAccountAsync(MemberEmail);
        var memberActor = new Actor(member.Id, MemberEmail, false);
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);
        var adminActor = new Actor(admin.Id, DatawizApp.AdminEmail, true);

        var approvedTemplate = await app.AddApplicationTemplateAsync(admin.Id, status: ReviewStatus.Approved);
        var waitingType = await app.AddSensorTypeAsync(member.Id);
        await DeclarePowerAsync(waitingType.Id);
        var waitingTemplate = await app.AddApplicationTemplateAsync(member.Id);
        await app.AddNotificationAsync(member.Id, "Your sensor type was approved.", app.Clock.GetUtcNow(), "/sensor-types");
        await app.AddNotificationAsync(admin.Id, "A template is waiting for review.", app.Clock.GetUtcNow(), "/admin/reviews");

        stops[Audience.Member] = await OwnPagesAsync(memberActor, approvedTemplate.Id);
        var adminStops = await OwnPagesAsync(adminActor, approvedTemplate.Id);
        adminStops.Add(Stop("/admin/users", "/admin/users"));
        adminStops.Add(Stop("/admin/user-classes", "/admin/user-classes"));
        adminStops.Add(Stop("/admin/reviews", "/admin/reviews"));
        adminStops.Add(Stop("/admin/audit", "/admin/audit"));
        adminStops.Add(Stop("/admin/cluster", "/admin/cluster"));
        adminStops.Add(Stop("/admin/reviews/{KindSegment}/{Id:guid}", $"/admin/reviews/{ReviewDetail.Segment(ReviewKind.SensorType)}/{waitingType.Id}"));
        adminStops.Add(Stop("/admin/reviews/{KindSegment}/{Id:guid}", $"/admin/reviews/{ReviewDetail.Segment(ReviewKind.ApplicationTemplate)}/{waitingTemplate.Id}"));
        stops[Audience.Admin] = adminStops;
        stops[Audience.SignedOut] =
        [
            Stop("/account/login", "/account/login"),
            Stop("/account/register", "/account/register"),
            Stop("/account/access-denied", "/account/access-denied"),
            Stop("/error", "/error"),
            Stop("/not-found", "/not-found"),
            Stop("/status/{Code:int}", "/status/404"),
        ];
        // An unknown address, re-executed as the status page (signed out, it leads to the sign-in page).
        stops[Audience.Member].Add(Stop("/status/{Code:int}", "/no-such-page"));
    }

    /// <summary>Gives a type the Sonoff Basic's POWER command, so that its pages, its editor and its sensors' pages show commands.</summary>
    private async Task DeclarePowerAsync(Guid typeId)
    {
        await using var db = await app.DbAsync();
        var type = await db.SensorTypes.SingleAsync(t => t.Id == typeId, TestContext.Current.CancellationToken);
        type.Commands = [new SensorCommand { Name = "POWER", Label = "Power", Payloads = ["ON", "OFF", "TOGGLE"], StateField = "power" }];
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The pages every signed-in person has, on things of his own.</summary>
    private async Task<List<TourStop>> OwnPagesAsync(Actor actor, Guid approvedTemplateId)
    {
        var network = await app.CreateNetworkAsync(actor.UserId);
        var sensorId = await app.InsertSensorAsync(actor.UserId, network.Id);
        // The sensor's page then shows its counters, latest values and the reason a message was refused.
        await app.PublishAsync(sensorId, """{"temperature":21.5,"humidity":40}""");
        await app.PublishAsync(sensorId, "not json");
        // A switch: the page then shows its commands panel too, with a state the device reported.
        await DeclarePowerAsync(await app.QueryAsync(db => db.Sensors.Where(s => s.Id == sensorId).Select(s => s.SensorTypeId).SingleAsync(TestContext.Current.CancellationToken)));
        await app.PublishAsync(sensorId, """{"power":1}""");
        // Another person's group invites him, so the invitations page has one to answer; that person is a member of
        // his own group, so its page lists a member with the owner's actions beside him.
        var hostEmail = TestAccounts.UniqueEmail("host");
        var host = await app.CreateAccountAsync(hostEmail);
        var group = await app.CreateGroupAsync(actor.UserId, host.Id);
        var hosting = await app.CreateGroupAsync(host.Id);
        var invited = await app.Services.GetRequiredService<GroupService>().InviteAsync(
            new Actor(host.Id, hostEmail, false), hosting.Id, actor.Name, TestContext.Current.CancellationToken);
        Assert.True(invited.Succeeded, invited.Message);
        var draftType = await app.AddSensorTypeAsync(actor.UserId, status: ReviewStatus.Draft);
        await DeclarePowerAsync(draftType.Id);
        var draftTemplate = await app.AddApplicationTemplateAsync(actor.UserId, status: ReviewStatus.Draft);
        var created = await app.Services.GetRequiredService<UserApplications>().CreateAsync(
            actor,
            new ApplicationInput($"app-{Guid.NewGuid().ToString("N")[..6]}", approvedTemplateId, new Dictionary<string, string?> { ["NAME"] = "demo" }),
            TestContext.Current.CancellationToken);
        Assert.True(created.TryGetValue(out var applicationId), string.Join(" ", created.Errors));

        return
        [
            Stop("/", "/"),
            Stop("/dashboard", "/dashboard"),
            Stop("/history", $"/history?series={sensorId}:temperature&series={sensorId}:humidity"),
            // A search that matches nothing: the dashboard's other empty state (a new person's is in DashboardJourneyTests).
            Stop("/dashboard", "/dashboard?q=no-such-sensor"),
            Stop("/locations", "/locations"),
            Stop("/sensors", "/sensors"),
            Stop("/sensors/new", "/sensors/new"),
            Stop("/sensors/import", "/sensors/import"),
            Stop("/sensors/{Id:guid}", $"/sensors/{sensorId}"),
            Stop("/sensors/{Id:guid}/edit", $"/sensors/{sensorId}/edit"),
            Stop("/sensor-types", "/sensor-types"),
            Stop("/sensor-types/new", "/sensor-types/new"),
            Stop("/sensor-types/{Id:guid}", $"/sensor-types/{draftType.Id}"),
            Stop("/sensor-types/{Id:guid}/edit", $"/sensor-types/{draftType.Id}/edit"),
            Stop("/networks", "/networks"),
            Stop("/networks/new", "/networks/new"),
            Stop("/networks/{Id:guid}", $"/networks/{network.Id}"),
            Stop("/groups", "/groups"),
            Stop("/groups/new", "/groups/new"),
            Stop("/groups/invitations", "/groups/invitations"),
            Stop("/groups/{Id:guid}", $"/groups/{group.Id}"),
            Stop("/applications", "/applications"),
            Stop("/applications/new", "/applications/new"),
            Stop("/applications/{Id:guid}", $"/applications/{applicationId}"),
            Stop("/applications/templates", "/applications/templates"),
            Stop("/applications/templates/new", "/applications/templates/new"),
            Stop("/applications/templates/{Id:guid}", $"/applications/templates/{draftTemplate.Id}"),
            Stop("/applications/templates/{Id:guid}/edit", $"/applications/templates/{draftTemplate.Id}/edit"),
            Stop("/notifications", "/notifications"),
            Stop("/help/sensor-setup", "/help/sensor-setup"),
            Stop("/help/mqtt", "/help/mqtt"),
            Stop("/help/node-red", "/help/node-red"),
            Stop("/account/profile", "/account/profile"),
            Stop("/account/change-password", "/account/change-password"),
        ];
    }

    private static TourStop Stop(string template, string path) => new(template, path, AllTemplates[template]);

    /// <summary>A browser page in <paramref name="theme"/>, signed in as <paramref name="audience"/>.</summary>
    public async Task<IPage> OpenAsync(BrowserFixture browser, Audience audience, Theme theme, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(app.BaseAddress, viewport);
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = ThemeCookieName, Value = theme == Theme.Dark ? "dark" : "light", Url = app.BaseAddress.ToString() },
        ]);
        if (audience != Audience.SignedOut)
        {
            var (email, password) = audience == Audience.Admin
                ? (DatawizApp.AdminEmail, DatawizApp.AdminPassword)
                : (MemberEmail, TestAccounts.Password);
            await new LoginPage(page).SignInAsync(email, password);
            await Expect(new Shell(page).SignedInAs).ToBeAttachedAsync();
        }
        return page;
    }

    /// <summary>Opens a stop and waits until it has rendered what it loads.</summary>
    public static async Task VisitAsync(IPage page, TourStop stop)
    {
        try
        {
            await page.GotoAsync(stop.Path);
            if (!stop.IsStatic)
            {
                await new Shell(page).WaitUntilInteractiveAsync();
            }
            // Interactive islands on static pages (the profile's MQTT password) render once their circuit is up.
            await Expect(page.Locator("[data-island]:not(:has([data-island-ready]))")).ToHaveCountAsync(0);
            // Pages show a progress bar while they load; what is checked is the page once loaded.
            await Expect(page.Locator(".mud-progress-linear, .mud-progress-circular")).ToHaveCountAsync(0);
            await Expect(page.Locator("h1").First).ToBeVisibleAsync();
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"{stop.Path} did not finish loading (now at {page.Url}).", ex);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
