using Datawiz.Domain.Accounts;
using Datawiz.Domain.Broker;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// Checks the user name and own MQTT password a person's application (Node-RED) presents to the broker, and
/// tells the broker when such a password stopped working (<see cref="Revoked"/>).
/// </summary>
/// <remarks>
/// Unlike sensor credentials, nothing is cached: people's applications connect rarely, and checking the
/// account on every connect means a changed role or status applies from the next connect on.
/// </remarks>
public sealed class UserMqttAuthenticator(IDbContextFactory<DatawizDbContext> contexts)
{
    // Identity's own normaliser (the default, registered scoped): names are looked up exactly as sign-in does.
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    // Verifying against this when there is no such account (or no MQTT password) makes it take as long as a wrong password.
    private static readonly string NoPasswordHash = SensorCredentials.Hash(SensorCredentials.NewPassword());

    public event Action<CredentialsRevoked>? Revoked;

    /// <summary>Who the broker sees, when the password is the account's MQTT password and the account is active; otherwise null.</summary>
    /// <param name="username">The account's user name (its email address), in any letter case, as Identity compares it.</param>
    public async Task<BrokerIdentity?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken)
    {
        var normalized = Normalizer.NormalizeName(username);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var adminRoleId = db.Roles.Where(r => r.Name == Roles.Admin).Select(r => r.Id);
        var account = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized && u.Status == UserStatus.Active && u.MqttPasswordHash != null)
            .Select(u => new { u.Id, u.MqttPasswordHash, IsAdmin = db.UserRoles.Any(ur => ur.UserId == u.Id && adminRoleId.Contains(ur.RoleId)) })
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            SensorCredentials.Verify(NoPasswordHash, password);
            return null;
        }
        if (!SensorCredentials.Verify(account.MqttPasswordHash!, password))
        {
            return null;
        }
        return new BrokerIdentity(account.IsAdmin ? BrokerRole.Administrator : BrokerRole.User, account.Id, username, TopicScheme.UserPrefix(account.Id));
    }

    /// <summary>
    /// Closes the open connections made with the person's own MQTT password (not his sensors'): called once
    /// the password was replaced, or his user name or role changed, after the change is saved.
    /// </summary>
    public void Revoke(Guid userId) => Revoked?.Invoke(new CredentialsRevoked(null, null, userId));
}
