using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Sets up accounts directly through the app's own services, for tests about something else.</summary>
public static class TestAccounts
{
    public const string Password = "secret-password-1";

    public static string UniqueEmail(string name = "user") => $"{name}-{Guid.NewGuid().ToString("N")[..12]}@datawiz.test";

    public static async Task<ApplicationUser> CreateAccountAsync(
        this DatawizApp app, string email, UserStatus status = UserStatus.Active, string role = Roles.User, string password = Password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = email.Split('@')[0],
            Status = status,
            CreatedAt = app.Clock.GetUtcNow(),
        };
        EnsureSucceeded(await users.CreateAsync(user, password));
        EnsureSucceeded(await users.AddToRoleAsync(user, role));
        return user;
    }

    public static async Task<ApplicationUser> FindAccountAsync(this DatawizApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
    }

    public static async Task<bool> IsAdminAsync(this DatawizApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return await users.IsInRoleAsync(user, Roles.Admin);
    }

    /// <summary>A client signed in as a new active account.</summary>
    public static async Task<PortalClient> SignedInClientAsync(this DatawizApp app, string role = Roles.User)
    {
        var email = UniqueEmail(role.ToLowerInvariant());
        await app.CreateAccountAsync(email, role: role);
        var client = app.CreatePortalClient();
        var response = await client.SignInAsync(email, Password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in {email} answered {response.StatusCode}: {await PortalClient.TextOf(response)}");
        }
        return client;
    }

    private static void EnsureSucceeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
