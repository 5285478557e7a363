using System.Net;
using System.Text.RegularExpressions;
using Datawiz.Domain.Accounts;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Times;

public sealed class ViewerTimeZoneTestsOnSqlite(SqliteApp app) : ViewerTimeZoneTests(app), IClassFixture<SqliteApp>;

public sealed class ViewerTimeZoneTestsOnPostgres(PostgresApp app) : ViewerTimeZoneTests(app), IClassFixture<PostgresApp>;

/// <summary>The zone a page renders its times in, from the first byte: the profile's, else the browser's cookie, else UTC.</summary>
public abstract partial class ViewerTimeZoneTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_profile_setting_changes_the_times_a_page_shows()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        var sensorId = await app.InsertSensorAsync(actor.UserId);
        DateTimeOffset createdAt;
        await using (var db = await app.DbAsync())
        {
            createdAt = (await db.Sensors.SingleAsync(s => s.Id == sensorId, Token)).CreatedAt;
        }

        Assert.Equal(Expected(createdAt, "UTC"), await CreatedTimeAsync(client, sensorId));

        client.Cookies.Add(app.BaseAddress, new Cookie(ViewerTimeZone.CookieName, "Asia/Tokyo"));
        Assert.Equal(Expected(createdAt, "Asia/Tokyo"), await CreatedTimeAsync(client, sensorId));

        var saved = await SaveProfileAsync(client, actor.Name, "America/New_York");
        Assert.Contains("Your profile has been saved.", saved);
        Assert.Equal(Expected(createdAt, "America/New_York"), await CreatedTimeAsync(client, sensorId));
        Assert.Contains("value=\"America/New_York\" selected", await (await client.GetAsync("/account/profile")).Content.ReadAsStringAsync(Token));

        // Back to following the browser.
        await SaveProfileAsync(client, actor.Name, "");
        Assert.Equal(Expected(createdAt, "Asia/Tokyo"), await CreatedTimeAsync(client, sensorId));
    }

    [Fact]
    public async Task A_zone_that_does_not_exist_is_refused_and_the_saved_one_kept()
    {
        var (actor, client) = await app.SignedInActorAsync();
        using var _ = client;
        await SaveProfileAsync(client, actor.Name, "Europe/Berlin");

        var refused = await SaveProfileAsync(client, actor.Name, "Mars/Olympus");

        Assert.Contains(TimeZoneRules.Error("Mars/Olympus")!, refused);
        Assert.DoesNotContain("Your profile has been saved.", refused);
        Assert.Equal("Europe/Berlin", (await app.FindAccountAsync(actor.Name)).TimeZoneId);
    }

    private static (string Text, string Title) Expected(DateTimeOffset at, string zoneId)
    {
        var zone = zoneId == "UTC" ? TimeZoneInfo.Utc : TimeZoneRules.Find(zoneId)!;
        return (TimeText.DateAndTime(at, zone), TimeText.Full(at, zone));
    }

    private static async Task<(string Text, string Title)> CreatedTimeAsync(PortalClient client, Guid sensorId)
    {
        var response = await client.GetAsync($"/sensors/{sensorId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var markup = await PortalClient.TextOf(response);
        var time = CreatedTime().Match(markup);
        Assert.True(time.Success, "The sensor page shows no creation time.");
        return (time.Groups["text"].Value, time.Groups["title"].Value);
    }

    private static async Task<string> SaveProfileAsync(PortalClient client, string email, string zone)
    {
        var response = await client.SubmitFormAsync("/account/profile", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Zone Person",
            ["Input.Email"] = email,
            ["Input.TimeZone"] = zone,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PortalClient.TextOf(response);
    }

    [GeneratedRegex("<time [^>]*title=\"(?<title>[^\"]*)\"[^>]*data-testid=\"sensor-created\"[^>]*>(?<text>[^<]*)</time>")]
    private static partial Regex CreatedTime();
}
