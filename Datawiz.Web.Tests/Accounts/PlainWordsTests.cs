using Datawiz.Web.Accounts;
using Datawiz.Web.Tests.Harness;

namespace Datawiz.Web.Tests.Accounts;

public sealed class PlainWordsTestsOnSqlite(SqliteApp app) : PlainWordsTests(app), IClassFixture<SqliteApp>;

public sealed class PlainWordsTestsOnPostgres(PostgresApp app) : PlainWordsTests(app), IClassFixture<PostgresApp>;

/// <summary>The account forms speak plainly, never in the framework's words.</summary>
public abstract class PlainWordsTests(DatawizApp app)
{
    [Fact]
    public async Task An_empty_or_short_registration_says_what_to_enter()
    {
        using var client = app.CreatePortalClient();

        var empty = await PortalClient.TextOf(await client.RegisterAsync("", "", displayName: ""));
        var short_ = await PortalClient.TextOf(await client.RegisterAsync("not-an-address", "short", displayName: "A"));

        Assert.Contains(FormMessages.EnterEmail, empty);
        Assert.Contains(FormMessages.EnterDisplayName, empty);
        Assert.Contains(FormMessages.EnterPassword, empty);
        Assert.Contains(FormMessages.EmailShape, short_);
        Assert.Contains("At least 2 characters", short_);
        Assert.Contains("At least 8 characters", short_);
        Assert.DoesNotContain("field is required", empty + short_, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("must be a string", empty + short_, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_sign_in_form_asks_for_what_is_missing()
    {
        using var client = app.CreatePortalClient();

        var text = await PortalClient.TextOf(await client.SignInAsync("", ""));

        Assert.Contains(FormMessages.EnterEmail, text);
        Assert.Contains(FormMessages.EnterPassword, text);
    }
}
