using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Persistence.Seeding;
using Microsoft.AspNetCore.Identity;

namespace Datawiz.Infrastructure.Accounts;

internal sealed class RoleSeeder(RoleManager<IdentityRole<Guid>> roles) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                EnsureSucceeded(await roles.CreateAsync(new IdentityRole<Guid>(role)), $"create role {role}");
            }
        }
    }

    internal static void EnsureSucceeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
