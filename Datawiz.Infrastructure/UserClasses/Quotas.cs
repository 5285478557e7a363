using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.UserClasses;

/// <summary>The class whose limits apply to a user: their own, else the default.</summary>
public static class Quotas
{
    public static async Task<UserClass> ClassOfAsync(DatawizDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var classId = await db.Users.Where(u => u.Id == userId).Select(u => u.UserClassId).FirstOrDefaultAsync(cancellationToken);
        return await db.UserClasses.AsNoTracking()
                   .Where(c => classId == null ? c.IsDefault : c.Id == classId)
                   .FirstOrDefaultAsync(cancellationToken)
               ?? throw new InvalidOperationException("There is no default user class; the seeder creates one at start-up.");
    }
}
