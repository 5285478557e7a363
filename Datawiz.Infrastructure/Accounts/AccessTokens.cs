using Datawiz.Domain.Accounts;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>A token as its owner's profile lists it: never its secret.</summary>
public sealed record AccessTokenSummary(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, bool IsExpired);

/// <summary>A new token, with its text as shown to its owner once.</summary>
public sealed record IssuedAccessToken(Guid Id, string Name, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// A person's personal access tokens, for his scripts and external clients: created with a name and a lifetime, listed
/// without their secrets, revoked. Safe to hold for a circuit: every call opens its own short context.
/// </summary>
public sealed class AccessTokens(IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, AccessTokenAuthenticator authenticator, TimeProvider clock)
{
    private const string Token = "The token";

    /// <summary>The actor's tokens that were not revoked, newest first; expired ones too, until he removes them.</summary>
    public async Task<IReadOnlyList<AccessTokenSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.AccessTokens.AsNoTracking()
            .Where(t => t.UserId == actor.UserId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new { t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt })
            .ToListAsync(cancellationToken);
        return tokens.Select(t => new AccessTokenSummary(t.Id, t.Name, AccessTokenSecrets.Hint(t.Id), t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.ExpiresAt <= now)).ToList();
    }

    public async Task<Outcome<IssuedAccessToken>> CreateAsync(Actor actor, string? name, int lifetimeDays, CancellationToken cancellationToken)
    {
        if (AccessTokenRules.InputErrors(name, lifetimeDays) is { Count: > 0 } errors)
        {
            return Outcome<IssuedAccessToken>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == actor.UserId && u.Status == UserStatus.Active, cancellationToken))
        {
            return Outcome<IssuedAccessToken>.NotFound("Your account");
        }
        if (await db.AccessTokens.CountAsync(t => t.UserId == actor.UserId && t.RevokedAt == null && t.ExpiresAt > now, cancellationToken) >= AccessTokenRules.MaxActivePerAccount)
        {
            return Outcome<IssuedAccessToken>.Invalid(AccessTokenRules.TooManyTokens);
        }
        var secret = AccessTokenSecrets.NewSecret();
        var token = new AccessToken
        {
            Id = Guid.NewGuid(),
            UserId = actor.UserId,
            Name = name!.Trim(),
            SecretHash = AccessTokenSecrets.Hash(secret),
            CreatedAt = now,
            ExpiresAt = now.AddDays(lifetimeDays),
        };
        db.AccessTokens.Add(token);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.User, actor.UserId,
            $"Created the personal access token \"{token.Name}\" ({AccessTokenSecrets.Hint(token.Id)}), valid for {lifetimeDays} days.");
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IssuedAccessToken>.Success(new IssuedAccessToken(token.Id, token.Name, AccessTokenSecrets.Format(token.Id, secret), token.ExpiresAt));
    }

    /// <summary>The token stops working at once, and the live connections opened with it are closed.</summary>
    public async Task<Outcome> RevokeAsync(Actor actor, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == actor.UserId && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return Outcome.NotFound(Token);
        }
        token.RevokedAt = clock.GetUtcNow();
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.User, actor.UserId,
            $"Revoked the personal access token \"{token.Name}\" ({AccessTokenSecrets.Hint(token.Id)}).");
        await db.SaveChangesAsync(cancellationToken);
        authenticator.Revoke(token.Id);
        return Outcome.Ok;
    }
}
