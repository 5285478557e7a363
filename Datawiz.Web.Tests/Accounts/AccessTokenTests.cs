using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Accounts;

public sealed class AccessTokenTestsOnSqlite(SqliteApp app) : AccessTokenTests(app), IClassFixture<SqliteApp>;

public sealed class AccessTokenTestsOnPostgres(PostgresApp app) : AccessTokenTests(app), IClassFixture<PostgresApp>;

/// <summary>Personal access tokens: made once, kept only as a hash, accepted by the API (not the pages), refused once revoked, expired or suspended.</summary>
public abstract class AccessTokenTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private AccessTokens Tokens => app.Services.GetRequiredService<AccessTokens>();

    private HttpClient TokenClient(string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(TelemetrySensor Sensor, string History, string Export)> SensorWithAReadingAsync(Actor owner)
    {
        var sensor = await app.NewTelemetrySensorAsync(owner);
        await app.Services.GetRequiredService<ITelemetryStore>().WriteReadingsAsync(
            [new Reading { SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = DateTimeOffset.Parse("2026-06-01T08:10:00Z", CultureInfo.InvariantCulture), Value = 20.5 }],
            Token);
        var range = "from=2026-06-01T00:00Z&to=2026-06-02T00:00Z&tz=UTC";
        return (sensor, $"/api/v1/history?series={sensor.Sender.SensorId}:temperature&{range}", $"/api/v1/sensors/{sensor.Sender.SensorId}/readings.csv?{range}");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.StartsWith("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(Token), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_new_token_is_shown_once_stored_only_as_a_hash_and_opens_the_history_api_and_the_export()
    {
        var owner = await app.NewActorAsync();
        var (_, history, export) = await SensorWithAReadingAsync(owner);

        var issued = (await Tokens.CreateAsync(owner, "  Grafana at home ", 30, Token)).Expect();

        Assert.Matches("^dwz_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$", issued.Token);
        Assert.Equal("Grafana at home", issued.Name);
        var secret = issued.Token[37..];
        await using (var db = await app.DbAsync())
        {
            var row = await db.AccessTokens.AsNoTracking().SingleAsync(t => t.UserId == owner.UserId, Token);
            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), row.SecretHash);
            Assert.InRange(row.ExpiresAt - app.Clock.GetUtcNow(), TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
            Assert.Null(row.LastUsedAt);
            // Nothing stored anywhere holds the token's text: not the row, not the audit trail.
            var stored = string.Join("\n", row.Name, Convert.ToBase64String(row.SecretHash), Convert.ToHexString(row.SecretHash),
                string.Join("\n", await db.AuditEntries.AsNoTracking().Where(a => a.ActorId == owner.UserId).Select(a => a.Summary).ToListAsync(Token)));
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.Contains("Created the personal access token \"Grafana at home\"", stored, StringComparison.Ordinal);
        }
        var listed = Assert.Single(await Tokens.ListAsync(owner, Token));
        Assert.Equal(("Grafana at home", $"dwz_{issued.Id:N}"[..12] + "…"), (listed.Name, listed.Hint));

        using var client = TokenClient(issued.Token);
        var json = await client.GetAsync(history, Token);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Contains("20.5", await json.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        var csv = await client.GetAsync(export, Token);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains(",temperature,°C,20.5", await csv.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await Tokens.ListAsync(owner, Token)).LastUsedAt);
    }

    [Fact]
    public async Task Revoked_expired_unknown_and_malformed_tokens_get_401_with_a_bearer_challenge_never_a_redirect()
    {
        var owner = await app.NewActorAsync();
        var (_, history, export) = await SensorWithAReadingAsync(owner);
        var revoked = (await Tokens.CreateAsync(owner, "Revoked", 7, Token)).Expect();
        var kept = (await Tokens.CreateAsync(owner, "Kept", 365, Token)).Expect();
        using (var before = TokenClient(revoked.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await before.GetAsync(history, Token)).StatusCode);
        }

        Assert.True((await Tokens.RevokeAsync(owner, revoked.Id, Token)).Succeeded);

        using (var client = TokenClient(revoked.Token))
        {
            await AssertRefusedAsync(await client.GetAsync(history, Token));
            await AssertRefusedAsync(await client.GetAsync(export, Token));
        }
        Assert.Equal(["Kept"], (await Tokens.ListAsync(owner, Token)).Select(t => t.Name));
        Assert.Equal(OutcomeKind.NotFound, (await Tokens.RevokeAsync(owner, revoked.Id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Tokens.RevokeAsync(await app.NewActorAsync(), kept.Id, Token)).Kind);
        Assert.Contains(await app.QueryAsync(db => db.AuditEntries.Where(a => a.ActorId == owner.UserId).Select(a => a.Summary).ToListAsync(Token)),
            summary => summary.StartsWith("Revoked the personal access token \"Revoked\"", StringComparison.Ordinal));

        var unknown = $"dwz_{Guid.NewGuid():N}_{kept.Token[37..]}";
        foreach (var text in new[] { unknown, kept.Token[..^1] + (kept.Token[^1] == 'A' ? 'B' : 'A'), "not-a-token", "" })
        {
            using var client = TokenClient(text);
            await AssertRefusedAsync(await client.GetAsync(history, Token));
        }
        using (var anonymous = new HttpClient { BaseAddress = app.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(history, Token)).StatusCode);
        }

        // Past its 7 days a token stops; the one made for a year still works.
        var shortLived = (await Tokens.CreateAsync(owner, "A week", 7, Token)).Expect();
        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using (var expired = TokenClient(shortLived.Token))
        {
            await AssertRefusedAsync(await expired.GetAsync(history, Token));
        }
        using (var client = TokenClient(kept.Token))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(history, Token)).StatusCode);
        }
        Assert.True(Assert.Single(await Tokens.ListAsync(owner, Token), t => t.Name == "A week").IsExpired);
    }

    [Fact]
    public async Task A_suspended_accounts_tokens_stop_at_once()
    {
        var owner = await app.NewActorAsync();
        var (_, history, _) = await SensorWithAReadingAsync(owner);
        var issued = (await Tokens.CreateAsync(owner, "Script", 90, Token)).Expect();
        using var client = TokenClient(issued.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(history, Token)).StatusCode);

        Assert.True((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(await app.ConfiguredAdminAsync(), owner.UserId, UserStatus.Suspended, Token)).Succeeded);

        await AssertRefusedAsync(await client.GetAsync(history, Token));
    }

    [Fact]
    public async Task Pages_do_not_accept_a_token()
    {
        var owner = await app.NewActorAsync();
        var issued = (await Tokens.CreateAsync(owner, "Script", 30, Token)).Expect();
        using var client = TokenClient(issued.Token);

        var page = await client.GetAsync("/account/profile", Token);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_and_one_of_the_lifetimes_are_required_and_a_person_holds_at_most_20_active_tokens()
    {
        var owner = await app.NewActorAsync();

        var unnamed = await Tokens.CreateAsync(owner, "  ", 30, Token);
        var forever = await Tokens.CreateAsync(owner, "Forever", 3650, Token);
        var twoLines = await Tokens.CreateAsync(owner, "Two\nlines", 30, Token);

        Assert.Equal(["Name is required."], unnamed.Errors);
        Assert.Equal(["Choose how long the token lasts: 7 days, 30 days, 90 days, 365 days."], forever.Errors);
        Assert.Equal(OutcomeKind.Invalid, twoLines.Kind);
        for (var i = 0; i < AccessTokenRules.MaxActivePerAccount; i++)
        {
            (await Tokens.CreateAsync(owner, $"Token {i}", 7, Token)).Expect();
        }
        var tooMany = await Tokens.CreateAsync(owner, "One more", 7, Token);
        Assert.Equal([AccessTokenRules.TooManyTokens], tooMany.Errors);
        Assert.Equal(20, await app.QueryAsync(db => db.AccessTokens.CountAsync(t => t.UserId == owner.UserId, Token)));

        // A revoked one frees its place.
        Assert.True((await Tokens.RevokeAsync(owner, (await Tokens.ListAsync(owner, Token))[0].Id, Token)).Succeeded);
        (await Tokens.CreateAsync(owner, "One more", 7, Token)).Expect();
    }
}
