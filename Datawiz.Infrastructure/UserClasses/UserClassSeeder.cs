using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.UserClasses;

/// <summary>A new installation gets one default class, so quotas apply from the first account on.</summary>
internal sealed class UserClassSeeder(DatawizDbContext db) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!await db.UserClasses.AnyAsync(cancellationToken))
        {
            db.UserClasses.Add(UserClass.Standard());
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
