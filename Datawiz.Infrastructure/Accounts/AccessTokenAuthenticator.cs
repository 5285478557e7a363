using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>A token that checked out: its id and the active account it acts for.</summary>
public sealed record AuthenticatedToken(Guid TokenId, ApplicationUser User);

/// <summary>
/// Checks the personal access tokens that scripts and external clients present, and tells long-lived connections
/// (the telemetry hub) when one was revoked (<see cref="Revoked"/>).
/// </summary>
/// <remarks>
/// Nothing is cached: each request reads the token and its account (one indexed query), so revoking a token, or
/// suspending or deleting its account, refuses the next request on every replica at once.
/// </remarks>
public sealed class AccessTokenAuthenticator(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    /// <summary>How stale "last used" may get: writing it on every request would make every API call a write.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    // A hash to compare against when there is no such token, so an unknown id takes as long as a wrong secret.
    private static readonly byte[] NoTokenHash = AccessTokenSecrets.Hash(AccessTokenSecrets.NewSecret());

    public event Action<Guid>? Revoked;

    /// <summary>The token and its account, when the text is an active token of an active account; otherwise null.</summary>
    public async Task<AuthenticatedToken?> AuthenticateAsync(string text, CancellationToken cancellationToken)
    {
        if (!AccessTokenSecrets.TryParse(text, out var id, out var secret))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.AccessTokens.AsNoTracking()
            .Where(t => t.Id == id && t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users.Where(u => u.Status == UserStatus.Active), t => t.UserId, u => u.Id, (t, u) => new { t.SecretHash, t.LastUsedAt, User = u })
            .FirstOrDefaultAsync(cancellationToken);
        if (!AccessTokenSecrets.Matches(found?.SecretHash ?? NoTokenHash, secret) || found is null)
        {
            return null;
        }
        if (found.LastUsedAt is not { } lastUsed || lastUsed < now - LastUsedPrecision)
        {
            var stale = now - LastUsedPrecision;
            // Conditional, so that replicas and parallel requests seeing the same stale time write it once.
            await db.AccessTokens.Where(t => t.Id == id && (t.LastUsedAt == null || t.LastUsedAt < stale))
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.LastUsedAt, now), cancellationToken);
        }
        return new AuthenticatedToken(id, found.User);
    }

    /// <summary>Whether a token that once checked out still would: for connections that outlive their first request.</summary>
    public async Task<bool> IsStillValidAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AccessTokens.AnyAsync(t => t.Id == tokenId && t.RevokedAt == null && t.ExpiresAt > now
            && db.Users.Any(u => u.Id == t.UserId && u.Status == UserStatus.Active), cancellationToken);
    }

    /// <summary>Closes what is still open with the token: called once its revocation is saved.</summary>
    public void Revoke(Guid tokenId) => Revoked?.Invoke(tokenId);
}
