using Datawiz.Domain.Accounts;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.UserClasses;

/// <summary>The class whose limits apply to a user, and saving within them when requests race.</summary>
public static class Quotas
{
    /// <summary>The user's class; for an administrator in no class, <see cref="QuotaRules.ForUnclassedAdministrator"/>.</summary>
    public static async Task<UserClass> ClassOfAsync(DatawizDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var account = await db.Users.Where(u => u.Id == userId)
            .Select(u => new
            {
                u.UserClassId,
                IsAdmin = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var classId = account?.UserClassId;
        var userClass = await db.UserClasses.AsNoTracking()
                   .Where(c => classId == null ? c.IsDefault : c.Id == classId)
                   .FirstOrDefaultAsync(cancellationToken)
               ?? throw new InvalidOperationException("There is no default user class; the seeder creates one at start-up.");
        return account is { UserClassId: null, IsAdmin: true } ? QuotaRules.ForUnclassedAdministrator(userClass) : userClass;
    }

    /// <summary>How many more sensors the user may add (null: no limit), and his class' name.</summary>
    public static async Task<(int? Left, string ClassName)> SensorRoomAsync(DatawizDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var userClass = await ClassOfAsync(db, userId, cancellationToken);
        var existing = await db.Sensors.CountAsync(s => s.OwnerId == userId, cancellationToken);
        return (QuotaRules.SensorsLeft(userClass, existing), userClass.Name);
    }

    /// <summary>
    /// Saves the changes <paramref name="db"/> tracks unless <paramref name="limitError"/>, counted again inside
    /// the saving transaction, says they would take the owner past a limit; returns that refusal, or null when
    /// saved. Counting first and inserting later lets simultaneous requests each see room for themselves, so
    /// the requests of one owner take turns here: on PostgreSQL by locking the owner's account row, on SQLite
    /// because Microsoft.Data.Sqlite begins every transaction with BEGIN IMMEDIATE, which makes it the
    /// database's only writer until it ends (others wait up to the command timeout). A failed save throws as
    /// <see cref="DbContext.SaveChangesAsync(CancellationToken)"/> does.
    /// </summary>
    public static async Task<string?> SaveWithinLimitAsync(
        DatawizDbContext db, Guid ownerId, Func<CancellationToken, Task<string?>> limitError, CancellationToken cancellationToken)
    {
        // The changes are accepted only after the commit, so a retried attempt saves them again from scratch.
        var refusal = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockOwnerAsync(db, ownerId, cancellationToken);
            if (await limitError(cancellationToken) is { } error)
            {
                await transaction.RollbackAsync(cancellationToken);
                return error;
            }
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
        if (refusal is null)
        {
            db.ChangeTracker.AcceptAllChanges();
        }
        return refusal;
    }

    private static async Task LockOwnerAsync(DatawizDbContext db, Guid ownerId, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        // FOR NO KEY UPDATE conflicts only with itself and with updates of the row, not with the key-share locks
        // that inserts referencing the account take, so nothing else waits for it.
        // Identity's table; a model that renamed it would make this statement fail loudly, not lock nothing.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {ownerId} FOR NO KEY UPDATE", cancellationToken);
    }
}
