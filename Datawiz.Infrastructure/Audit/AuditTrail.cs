using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Persistence;

namespace Datawiz.Infrastructure.Audit;

/// <summary>
/// Adds audit entries to the caller's context, so that an entry is saved in the same transaction as the
/// change it describes: no change without its entry, no entry for a change that failed.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    public void Record(DatawizDbContext db, Actor? actor, AuditAction action, string entityType, object entityId, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actor?.UserId,
            ActorName = actor?.Name ?? "Datawiz",
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            Summary = summary.Length > 4000 ? summary[..4000] : summary,
        });
}
