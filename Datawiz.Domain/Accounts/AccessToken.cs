namespace Datawiz.Domain.Accounts;

/// <summary>
/// A personal access token: lets a person's scripts and external clients call the portal's API and its live hub
/// as him, without his password. Only the hash of its secret is kept; the token itself is shown once.
/// </summary>
public sealed class AccessToken
{
    /// <summary>Also the token's public part (<c>dwz_&lt;id&gt;_…</c>), so a presented token is found by its key.</summary>
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>What the person called it, to tell his tokens apart ("Grafana at home").</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the secret part, never the secret itself.</summary>
    public byte[] SecretHash { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Roughly when it was last used: written at most once a minute, not on every request.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>When the person revoked it; a revoked token is kept (the audit trail names it) but never works again.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
