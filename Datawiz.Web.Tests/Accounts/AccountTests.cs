using System.Net;
using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Accounts;

public sealed class AccountTestsOnSqlite(SqliteApp app) : AccountTests(app), IClassFixture<SqliteApp>;

public sealed class AccountTestsOnPostgres(PostgresApp app) : AccountTests(app), IClassFixture<PostgresApp>;

/// <summary>Registration, sign-in and the refusals a person can meet, through the real pages.</summary>
public abstract class AccountTests(DatawizApp app)
{
    [Fact]
    public async Task A_new_account_is_pending_and_cannot_sign_in_until_approved()
    {
        var email = TestAccounts.UniqueEmail("pending");
        using var client = app.CreatePortalClient();

        var registered = await client.RegisterAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal("/account/login?registered=pending", PortalClient.RedirectTarget(registered));
        Assert.Equal(UserStatus.Pending, (await app.FindAccountAsync(email)).Status);

        var refused = await client.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(SignInRefusal.MessageFor(UserStatus.Pending)!, await PortalClient.TextOf(refused));

        var user = await app.FindAccountAsync(email);
        var admin = await app.ConfiguredAdminAsync();
        Assert.True((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(admin, user.Id, UserStatus.Active, TestContext.Current.CancellationToken)).Succeeded);

        var accepted = await client.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData(UserStatus.Suspended)]
    [InlineData(UserStatus.Deleted)]
    public async Task Accounts_that_are_not_active_are_refused_with_their_own_message(UserStatus status)
    {
        var email = TestAccounts.UniqueEmail(status.ToString().ToLowerInvariant());
        await app.CreateAccountAsync(email, status);
        using var client = app.CreatePortalClient();

        var refused = await client.SignInAsync(email, TestAccounts.Password);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(SignInRefusal.MessageFor(status)!, await PortalClient.TextOf(refused));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_status_of_an_account_is_shown_only_to_someone_who_knows_its_password()
    {
        var email = TestAccounts.UniqueEmail("suspended");
        await app.CreateAccountAsync(email, UserStatus.Suspended);
        using var client = app.CreatePortalClient();

        var text = await PortalClient.TextOf(await client.SignInAsync(email, "not-the-password-1"));

        Assert.Contains(PasswordSignIn.InvalidCredentialsMessage, text);
        Assert.DoesNotContain(SignInRefusal.MessageFor(UserStatus.Suspended)!, text);
    }

    [Fact]
    public async Task Suspending_an_account_ends_its_sessions()
    {
        var email = TestAccounts.UniqueEmail("soon-suspended");
        var user = await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, TestAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var admin = await app.ConfiguredAdminAsync();
        Assert.True((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(admin, user.Id, UserStatus.Suspended, TestContext.Current.CancellationToken)).Succeeded);

        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", PortalClient.RedirectTarget(after));
    }

    [Fact]
    public async Task A_taken_email_gets_the_same_answer_as_a_free_one_and_changes_nothing()
    {
        var taken = TestAccounts.UniqueEmail("twice");
        var existing = await app.CreateAccountAsync(taken);
        using var client = app.CreatePortalClient();

        var forTaken = await client.RegisterAsync(taken.ToUpperInvariant(), "other-password-77", "Impostor");
        var forFree = await client.RegisterAsync(TestAccounts.UniqueEmail("free"), "other-password-77", "Newcomer");

        Assert.Equal(HttpStatusCode.Redirect, forTaken.StatusCode);
        Assert.Equal(PortalClient.RedirectTarget(forFree), PortalClient.RedirectTarget(forTaken));
        var notice = await PortalClient.TextOf(await client.GetAsync(PortalClient.RedirectTarget(forTaken)));
        Assert.Contains("If the address was free, your account has been created.", notice);
        var after = await app.FindAccountAsync(taken);
        Assert.Equal(existing.DisplayName, after.DisplayName);
        Assert.Equal(existing.Status, after.Status);
    }

    [Fact]
    public async Task A_taken_email_with_a_weak_password_is_told_only_about_the_password()
    {
        var taken = TestAccounts.UniqueEmail("twice");
        await app.CreateAccountAsync(taken);
        using var client = app.CreatePortalClient();

        var text = await PortalClient.TextOf(await client.RegisterAsync(taken, "password1"));

        Assert.DoesNotContain(AccountRegistration.DuplicateEmailMessage, text);
        Assert.Contains("password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("short1", "at least 8")]
    [InlineData("nodigitshere", "digit")]
    [InlineData("12345678901", "lowercase")]
    [InlineData("password1", "commonly used")]
    [InlineData("Password1", "commonly used")]
    [InlineData("sunshine2024", "commonly used")]
    [InlineData("qwerty123", "commonly used")]
    [InlineData("datawiz2024", "Datawiz")]
    public async Task A_weak_password_is_refused_saying_what_is_missing(string password, string explanation)
    {
        var email = TestAccounts.UniqueEmail("weak");
        using var client = app.CreatePortalClient();

        var response = await client.RegisterAsync(email, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(explanation, await PortalClient.TextOf(response), StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.FindAccountAsync(email));
    }

    [Fact]
    public async Task A_password_containing_the_email_address_is_refused_and_so_is_a_common_new_password()
    {
        var email = TestAccounts.UniqueEmail("harbour");
        using var client = app.CreatePortalClient();

        var withEmail = await client.RegisterAsync(email, email.Split('@')[0] + "7");

        Assert.Equal(HttpStatusCode.OK, withEmail.StatusCode);
        Assert.Contains("your email address", await PortalClient.TextOf(withEmail), StringComparison.Ordinal);

        await app.CreateAccountAsync(email);
        await client.SignInAsync(email, TestAccounts.Password);
        var changed = await client.SubmitFormAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestAccounts.Password,
            ["Input.NewPassword"] = "password1",
            ["Input.ConfirmPassword"] = "password1",
        });
        Assert.Contains("commonly used", await PortalClient.TextOf(changed), StringComparison.Ordinal);
        using var fresh = app.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(email, TestAccounts.Password)).StatusCode);
    }

    [Fact]
    public async Task Mismatched_password_confirmation_is_refused()
    {
        using var client = app.CreatePortalClient();
        var response = await client.SubmitFormAsync("/account/register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = TestAccounts.UniqueEmail("mismatch"),
            ["Input.DisplayName"] = "Mismatch",
            ["Input.Password"] = TestAccounts.Password,
            ["Input.ConfirmPassword"] = TestAccounts.Password + "x",
        });

        Assert.Contains(Datawiz.Web.Accounts.FormMessages.PasswordsDiffer, await PortalClient.TextOf(response));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = TestAccounts.UniqueEmail("guessed");
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();

        for (var attempt = 1; attempt < 5; attempt++)
        {
            Assert.Contains(PasswordSignIn.InvalidCredentialsMessage, await PortalClient.TextOf(await client.SignInAsync(email, $"wrong-guess-{attempt}")));
        }
        Assert.Contains("locked", await PortalClient.TextOf(await client.SignInAsync(email, "wrong-guess-5")));

        var withRightPassword = await client.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("locked", await PortalClient.TextOf(withRightPassword));
    }

    [Fact]
    public async Task A_lockout_ends_when_its_time_is_up_and_says_how_long_is_left()
    {
        var email = TestAccounts.UniqueEmail("patient");
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.SignInAsync(email, $"wrong-guess-{attempt}");
        }

        Assert.Contains("try again in 5 minutes", await PortalClient.TextOf(await client.SignInAsync(email, TestAccounts.Password)));
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Contains("try again in 1 minute.", await PortalClient.TextOf(await client.SignInAsync(email, TestAccounts.Password)));
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var accepted = await client.SignInAsync(email, TestAccounts.Password);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_locked_after_as_many_failures_and_as_long_as_a_real_account()
    {
        var real = TestAccounts.UniqueEmail("real");
        await app.CreateAccountAsync(real);
        var unknown = TestAccounts.UniqueEmail("nobody");
        using var client = app.CreatePortalClient();

        var answers = new Dictionary<string, List<string>> { [real] = [], [unknown] = [] };
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            foreach (var email in answers.Keys)
            {
                answers[email].Add(LoginMessage(await PortalClient.TextOf(await client.SignInAsync(email, $"wrong-guess-{attempt}"))));
            }
        }

        Assert.Equal(answers[real], answers[unknown]);
        Assert.All(answers[unknown].Take(4), message => Assert.Equal(PasswordSignIn.InvalidCredentialsMessage, message));
        Assert.All(answers[unknown].Skip(4), message => Assert.Contains("This account is locked; try again in 5 minutes", message, StringComparison.Ordinal));
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(PasswordSignIn.InvalidCredentialsMessage, LoginMessage(await PortalClient.TextOf(await client.SignInAsync(unknown, "wrong-guess-7"))));
    }

    /// <summary>The sign-in page's refusal: the invalid-credentials or the lockout sentence.</summary>
    private static string LoginMessage(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "Invalid email or password\\.|Too many failed sign-in attempts\\.[^.]*\\.");
        Assert.True(match.Success, "The sign-in page gave no refusal.");
        return match.Value;
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        using var client = app.CreatePortalClient();

        var response = await client.SignInAsync(TestAccounts.UniqueEmail("nobody"), TestAccounts.Password);

        Assert.Contains(PasswordSignIn.InvalidCredentialsMessage, await PortalClient.TextOf(response));
    }

    [Fact]
    public async Task The_administrator_from_configuration_is_an_active_admin()
    {
        var admin = await app.FindAccountAsync(DatawizApp.AdminEmail);

        Assert.Equal(UserStatus.Active, admin.Status);
        Assert.True(await app.IsAdminAsync(DatawizApp.AdminEmail));
    }

    [Fact]
    public async Task People_edit_their_profile_and_change_their_password()
    {
        var email = TestAccounts.UniqueEmail("editor");
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInAsync(email, TestAccounts.Password);
        var newEmail = TestAccounts.UniqueEmail("edited");

        var saved = await client.SubmitFormAsync("/account/profile", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Edited Name",
            ["Input.Email"] = newEmail,
        });
        Assert.Contains("Your profile has been saved.", await PortalClient.TextOf(saved));
        var edited = await app.FindAccountAsync(newEmail);
        Assert.Equal("Edited Name", edited.DisplayName);

        var changed = await client.SubmitFormAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = TestAccounts.Password,
            ["Input.NewPassword"] = "a-new-password-2",
            ["Input.ConfirmPassword"] = "a-new-password-2",
        });
        Assert.Contains("Your password has been changed.", await PortalClient.TextOf(changed));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        using var fresh = app.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync(newEmail, "a-new-password-2")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_does_not_change_the_password()
    {
        var email = TestAccounts.UniqueEmail("careful");
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInAsync(email, TestAccounts.Password);

        var response = await client.SubmitFormAsync("/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not-my-password-1",
            ["Input.NewPassword"] = "a-new-password-2",
            ["Input.ConfirmPassword"] = "a-new-password-2",
        });

        Assert.Contains("The current password is not correct.", await PortalClient.TextOf(response));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.CheckPasswordAsync(await app.FindAccountAsync(email), TestAccounts.Password));
    }

    [Fact]
    public async Task Taking_another_accounts_email_in_the_profile_is_refused()
    {
        var taken = TestAccounts.UniqueEmail("taken");
        await app.CreateAccountAsync(taken);
        var email = TestAccounts.UniqueEmail("grabber");
        await app.CreateAccountAsync(email);
        using var client = app.CreatePortalClient();
        await client.SignInAsync(email, TestAccounts.Password);

        var response = await client.SubmitFormAsync("/account/profile", "profile", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Grabber",
            ["Input.Email"] = taken,
        });

        Assert.Contains(AccountRegistration.DuplicateEmailMessage, await PortalClient.TextOf(response));
        Assert.Equal(email, (await app.FindAccountAsync(email)).Email);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var client = await app.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        var response = await client.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
