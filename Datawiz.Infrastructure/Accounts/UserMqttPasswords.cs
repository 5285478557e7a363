using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>How a person's applications sign in to the broker: his user name, and whether he has an MQTT password yet.</summary>
public sealed record UserMqttAccess(string Username, string TopicPrefix, bool HasPassword);

/// <summary>A person's new MQTT password, as shown to him once.</summary>
public sealed record IssuedUserMqttPassword(string Username, string Password, string TopicPrefix);

/// <summary>
/// A person's own MQTT password for his applications (Node-RED), kept only as a hash made like sensor
/// passwords. Safe to hold for a circuit: every call opens its own short context.
/// </summary>
public sealed class UserMqttPasswords(IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, UserMqttAuthenticator authenticator)
{
    private const string Account = "Your account";

    public async Task<Outcome<UserMqttAccess>> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == actor.UserId && u.Status != UserStatus.Deleted)
            .Select(u => new { u.UserName, HasPassword = u.MqttPasswordHash != null })
            .FirstOrDefaultAsync(cancellationToken);
        return account is null
            ? Outcome<UserMqttAccess>.NotFound(Account)
            : Outcome<UserMqttAccess>.Success(new UserMqttAccess(account.UserName!, TopicScheme.UserPrefix(actor.UserId), account.HasPassword));
    }

    /// <summary>Creates the password or replaces it: the old one stops working at once and its connections are closed; the new one is in the result only.</summary>
    public async Task<Outcome<IssuedUserMqttPassword>> IssueAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == actor.UserId && u.Status != UserStatus.Deleted, cancellationToken);
        if (user is null)
        {
            return Outcome<IssuedUserMqttPassword>.NotFound(Account);
        }
        var replaced = user.MqttPasswordHash is not null;
        var password = SensorCredentials.NewPassword();
        user.MqttPasswordHash = SensorCredentials.Hash(password);
        audit.Record(db, actor, replaced ? AuditAction.CredentialRegeneration : AuditAction.Create, AuditEntities.User, user.Id,
            replaced
                ? $"Issued a new MQTT password for {user.UserName}; the old one no longer works."
                : $"Created an MQTT password for {user.UserName}.");
        await db.SaveChangesAsync(cancellationToken);
        if (replaced)
        {
            authenticator.Revoke(user.Id);
        }
        return Outcome<IssuedUserMqttPassword>.Success(new IssuedUserMqttPassword(user.UserName!, password, TopicScheme.UserPrefix(user.Id)));
    }
}
