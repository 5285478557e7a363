using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Broker;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>
/// Credentials that stopped working: one sensor's (<paramref name="Username"/>), everything of an account
/// (<paramref name="OwnerId"/>: his sensors and his own MQTT password), or only a person's own MQTT password
/// (<paramref name="PersonId"/>).
/// </summary>
public sealed record CredentialsRevoked(string? Username, Guid? OwnerId, Guid? PersonId = null)
{
    public bool Covers(BrokerIdentity who) => who.Role == BrokerRole.Sensor
        ? Username == who.Username || OwnerId == who.UserId
        : PersonId == who.UserId || OwnerId == who.UserId;
}

/// <summary>
/// Checks the username and password a sensor presents to the broker or the HTTP endpoint. Verified
/// credentials are remembered for <see cref="CacheLifetime"/>, so a reconnect storm or a device posting every
/// second costs no hash and no query each time; regenerating or deleting credentials forgets them at once and
/// raises <see cref="Revoked"/>, so the broker can close that sensor's open connection.
/// </summary>
/// <remarks>
/// The cache is per process: with several replicas, another replica forgets only when its entry expires.
/// </remarks>
public sealed class SensorAuthenticator(IDbContextFactory<DatawizDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    // Verifying against this for unknown usernames makes them take as long as known ones.
    private static readonly string UnknownUserHash = SensorCredentials.Hash(SensorCredentials.NewPassword());

    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    public event Action<CredentialsRevoked>? Revoked;

    /// <summary>The sensor these credentials belong to, when they are right and its owner is active; otherwise null.</summary>
    public async ValueTask<TelemetrySender?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken)
    {
        var digest = Digest(password);
        var now = clock.GetUtcNow();
        if (verified.TryGetValue(username, out var known) && known.ExpiresAt > now
            && CryptographicOperations.FixedTimeEquals(known.PasswordDigest, digest))
        {
            return known.Sender;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await db.Sensors.AsNoTracking()
            .Where(s => s.MqttUsername == username)
            .Join(db.Users.Where(u => u.Status == UserStatus.Active), s => s.OwnerId, u => u.Id,
                (s, _) => new { s.Id, s.OwnerId, s.MqttUsername, s.MqttPasswordHash })
            .FirstOrDefaultAsync(cancellationToken);
        if (sensor is null)
        {
            SensorCredentials.Verify(UnknownUserHash, password);
            return null;
        }
        if (!SensorCredentials.Verify(sensor.MqttPasswordHash, password))
        {
            return null;
        }
        var sender = new TelemetrySender(sensor.Id, sensor.OwnerId, TopicScheme.SensorPrefix(sensor.OwnerId, sensor.MqttUsername));
        verified[username] = new Verified(sender, digest, now + CacheLifetime);
        return sender;
    }

    /// <summary>Called once a sensor's password was replaced or the sensor deleted (after the change is saved).</summary>
    public void RevokeSensor(string username)
    {
        verified.TryRemove(username, out _);
        Revoked?.Invoke(new CredentialsRevoked(username, null));
    }

    /// <summary>Called once an owner can no longer use his sensors (account suspended or deleted); closes his own MQTT connections too.</summary>
    public void RevokeOwner(Guid ownerId)
    {
        foreach (var (username, entry) in verified)
        {
            if (entry.Sender.OwnerId == ownerId)
            {
                verified.TryRemove(username, out _);
            }
        }
        Revoked?.Invoke(new CredentialsRevoked(null, ownerId));
    }

    // The cache keeps a digest, never the password; SHA-256 is enough because only a right password gets cached.
    private static byte[] Digest(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));

    private sealed record Verified(TelemetrySender Sender, byte[] PasswordDigest, DateTimeOffset ExpiresAt);
}
