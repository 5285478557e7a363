using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Persistence.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// Creates the administrator named in configuration, for deployments nobody clicks through. An existing
/// account with that email is made an active administrator; its password is left as it is.
/// </summary>
internal sealed class ConfiguredAdminSeeder(
    UserManager<ApplicationUser> users,
    IOptions<AccountOptions> options,
    TimeProvider clock,
    ILogger<ConfiguredAdminSeeder> logger) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value.Admin;
        if (string.IsNullOrWhiteSpace(admin.Email))
        {
            return;
        }

        var user = await users.FindByEmailAsync(admin.Email);
        if (user is null)
        {
            if (string.IsNullOrEmpty(admin.Password))
            {
                throw new DatawizConfigurationException("Accounts:Admin:Email is set but Accounts:Admin:Password is empty.");
            }
            user = new ApplicationUser
            {
                UserName = admin.Email,
                Email = admin.Email,
                DisplayName = admin.DisplayName,
                Status = UserStatus.Active,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, admin.Password);
            if (!created.Succeeded)
            {
                throw new DatawizConfigurationException(
                    $"The administrator from configuration could not be created: {string.Join(" ", AccountRegistration.Describe(created))}");
            }
            logger.LogInformation("Created the configured administrator {UserId}", user.Id);
        }
        else if (user.Status != UserStatus.Active)
        {
            user.Status = UserStatus.Active;
            RoleSeeder.EnsureSucceeded(await users.UpdateAsync(user), "activate the configured administrator");
        }

        if (!await users.IsInRoleAsync(user, Roles.Admin))
        {
            RoleSeeder.EnsureSucceeded(await users.AddToRoleAsync(user, Roles.Admin), "make the configured account an administrator");
        }
    }
}
