using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Networks;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Networks;

public sealed class NetworkTestsOnSqlite(SqliteApp app) : NetworkTests(app), IClassFixture<SqliteApp>;

public sealed class NetworkTestsOnPostgres(PostgresApp app) : NetworkTests(app), IClassFixture<PostgresApp>;

/// <summary>WiFi networks through the real services and pages: ownership, encryption at rest, use by sensors, audit.</summary>
public abstract class NetworkTests(DatawizApp app)
{
    private const string Password = "correct horse battery";

    private NetworkService Networks => app.Services.GetRequiredService<NetworkService>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string UniqueName(string prefix = "Home") => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    private async Task<Guid> CreateAsync(Actor owner, string? name = null, string? password = Password)
    {
        var created = await Networks.CreateAsync(owner, new NetworkInput(name ?? UniqueName(), "HomeWiFi", password), Token);
        Assert.True(created.Succeeded, created.Message);
        return created.Expect();
    }

    [Fact]
    public async Task The_password_is_encrypted_in_the_database_and_revealed_to_its_owner()
    {
        var owner = await app.NewActorAsync();
        var name = UniqueName();
        var id = await CreateAsync(owner, name);

        var stored = await app.QueryAsync(db => db.Database
            .SqlQuery<string>($"""SELECT "ProtectedPassword" AS "Value" FROM "Networks" WHERE "Name" = {name}""")
            .SingleAsync(Token));
        Assert.NotEmpty(stored);
        Assert.DoesNotContain(Password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", stored, StringComparison.OrdinalIgnoreCase);

        var revealed = await Networks.RevealPasswordAsync(owner, id, Token);
        Assert.True(revealed.Succeeded);
        Assert.Equal(Password, revealed.Expect());

        var details = await Networks.GetAsync(owner, id, Token);
        Assert.True(details.Expect().CanReveal);
        Assert.False(details.Expect().IsOpen);
    }

    [Fact]
    public async Task Another_user_cannot_read_change_delete_or_reveal_a_network()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        var (stranger, client) = await app.SignedInActorAsync();
        using var _ = client;

        Assert.Equal(OutcomeKind.NotFound, (await Networks.GetAsync(stranger, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Networks.UpdateAsync(stranger, id, new NetworkInput("Mine now", "x", null), Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Networks.DeleteAsync(stranger, id, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Networks.RevealPasswordAsync(stranger, id, Token)).Kind);
        Assert.Empty((await Networks.ListAsync(stranger, new PageRequest(), Token)).Items);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/networks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/networks/{Guid.NewGuid()}")).StatusCode);
        Assert.True((await Networks.GetAsync(owner, id, Token)).Succeeded, "the network is untouched");
    }

    [Fact]
    public async Task The_owner_opens_the_network_page_and_the_password_is_not_in_it()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var name = UniqueName("<script>alert(1)</script>");
        var id = await CreateAsync(owner, name);

        var response = await client.GetAsync($"/networks/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Token);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"network-reveal\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/networks")]
    [InlineData("/networks/new")]
    public async Task The_list_and_the_new_network_page_open_for_a_signed_in_user(string path)
    {
        var (_, client) = await app.SignedInActorAsync();
        using var _ = client;

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"network-", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sees_everyones_networks_with_their_owner_but_cannot_reveal_a_password()
    {
        var owner = await app.NewActorAsync();
        var name = UniqueName();
        var id = await CreateAsync(owner, name);
        var (admin, client) = await app.SignedInActorAsync(Roles.Admin);
        using var _ = client;

        var listed = await Networks.ListAsync(admin, new PageRequest(Search: name), Token);
        var row = Assert.Single(listed.Items);
        Assert.Equal(owner.Name, row.OwnerEmail);
        Assert.Single((await Networks.ListAsync(admin, new PageRequest(Search: owner.Name), Token)).Items);

        var details = await Networks.GetAsync(admin, id, Token);
        Assert.True(details.Succeeded);
        Assert.False(details.Expect().CanReveal);
        Assert.Equal(OutcomeKind.NotFound, (await Networks.RevealPasswordAsync(admin, id, Token)).Kind);

        var page = await client.GetAsync($"/networks/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await PortalClient.TextOf(page);
        Assert.Contains($"owned by {owner.Name}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"network-reveal\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_is_refused_with_every_reason()
    {
        var owner = await app.NewActorAsync();

        var refused = await Networks.CreateAsync(owner, new NetworkInput("  ", new string('s', 33), "short"), Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("Name is required.", refused.Errors);
        Assert.Contains("SSID must be at most 32 characters.", refused.Errors);
        Assert.Contains(refused.Errors, e => e.StartsWith("Password must be 8 to 63 characters", StringComparison.Ordinal));
        Assert.Empty((await Networks.ListAsync(owner, new PageRequest(), Token)).Items);
    }

    [Fact]
    public async Task Names_are_unique_per_owner_ignoring_case()
    {
        var owner = await app.NewActorAsync();
        var other = await app.NewActorAsync();
        var name = UniqueName();
        await CreateAsync(owner, name);

        var duplicate = await Networks.CreateAsync(owner, new NetworkInput(" " + name.ToUpperInvariant() + " ", "Other", null), Token);
        Assert.Equal(OutcomeKind.Invalid, duplicate.Kind);
        Assert.Contains("already have a network named", Assert.Single(duplicate.Errors), StringComparison.Ordinal);

        await CreateAsync(other, name);
    }

    [Fact]
    public async Task An_empty_password_on_edit_keeps_the_old_one_and_removing_it_makes_the_network_open()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);

        Assert.True((await Networks.UpdateAsync(owner, id, new NetworkInput("Renamed " + id, "NewSsid", ""), Token)).Succeeded);
        Assert.Equal(Password, (await Networks.RevealPasswordAsync(owner, id, Token)).Expect());
        Assert.Equal("NewSsid", (await Networks.GetAsync(owner, id, Token)).Expect().Ssid);

        Assert.True((await Networks.UpdateAsync(owner, id, new NetworkInput("Renamed " + id, "NewSsid", "another password"), Token)).Succeeded);
        Assert.Equal("another password", (await Networks.RevealPasswordAsync(owner, id, Token)).Expect());

        Assert.True((await Networks.UpdateAsync(owner, id, new NetworkInput("Renamed " + id, "NewSsid", null, RemovePassword: true), Token)).Succeeded);
        Assert.True((await Networks.GetAsync(owner, id, Token)).Expect().IsOpen);
        Assert.Equal("", (await Networks.RevealPasswordAsync(owner, id, Token)).Expect());
    }

    [Fact]
    public async Task A_network_used_by_sensors_cannot_be_deleted_and_says_how_many_use_it()
    {
        var owner = await app.NewActorAsync();
        var name = UniqueName();
        var id = await CreateAsync(owner, name);
        await app.InsertSensorAsync(owner.UserId, id);
        await app.InsertSensorAsync(owner.UserId, id);

        var refused = await Networks.DeleteAsync(owner, id, Token);

        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal($"\"{name}\" is still used by 2 sensors: move them to another network or delete them first.", Assert.Single(refused.Errors));
        Assert.Equal(2, (await Networks.GetAsync(owner, id, Token)).Expect().SensorCount);
    }

    [Fact]
    public async Task Create_update_and_delete_are_audited_without_the_password()
    {
        var owner = await app.NewActorAsync();
        var id = await CreateAsync(owner);
        Assert.True((await Networks.UpdateAsync(owner, id, new NetworkInput("Audited " + id, "HomeWiFi", "new secret pass"), Token)).Succeeded);
        Assert.True((await Networks.DeleteAsync(owner, id, Token)).Succeeded);

        var entries = await app.QueryAsync(db => db.AuditEntries.Where(a => a.EntityType == AuditEntities.Network && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).ToListAsync(Token));

        Assert.Equal([AuditAction.Create, AuditAction.Update, AuditAction.Delete], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(owner.UserId, e.ActorId));
        Assert.Contains("password changed", entries[1].Summary, StringComparison.Ordinal);
        Assert.All(entries, e =>
        {
            Assert.DoesNotContain(Password, e.Summary, StringComparison.Ordinal);
            Assert.DoesNotContain("new secret pass", e.Summary, StringComparison.Ordinal);
        });
        Assert.Equal(OutcomeKind.NotFound, (await Networks.GetAsync(owner, id, Token)).Kind);
    }
}
