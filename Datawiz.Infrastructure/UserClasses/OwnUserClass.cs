using Datawiz.Domain.Common;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.UserClasses;

/// <param name="MaxConnectedSensors">Null when no limit applies (an administrator in no class).</param>
public sealed record OwnClassLimits(string ClassName, int MaxMessagesPerMinute, int? MaxConnectedSensors);

/// <summary>
/// What a person's own user class allows him, as the broker and ingestion hold him to it, for the pages that tell
/// him (the help pages): the class of his account, the default one when he has none.
/// </summary>
public sealed class OwnUserClass(IDbContextFactory<DatawizDbContext> contexts)
{
    public async Task<OwnClassLimits> LimitsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var userClass = await Quotas.ClassOfAsync(db, actor.UserId, cancellationToken);
        return new OwnClassLimits(
            userClass.Name,
            userClass.MaxMessagesPerMinute,
            userClass.MaxConnectedSensors == QuotaRules.NoLimit ? null : userClass.MaxConnectedSensors);
    }
}
