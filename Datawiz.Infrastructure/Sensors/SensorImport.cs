using Datawiz.Infrastructure.Common;
using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>
/// Creates many sensors from a CSV file, all or nothing: the file is checked completely first and the
/// sensors are saved in one transaction, so a file with any error creates no sensor at all.
/// </summary>
public sealed class SensorImport(
    IDbContextFactory<DatawizDbContext> contexts,
    SecretValues secretValues,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<SensorImport> logger)
{
    /// <summary>How many sensors the actor's quota still allows (null: no limit), for the page to say before an upload.</summary>
    public async Task<(int? Left, string ClassName)> RoomLeftAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Quotas.SensorRoomAsync(db, actor.UserId, cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<IssuedCredentials>>> ImportAsync(Actor actor, ReadOnlyMemory<byte> file, CancellationToken cancellationToken)
    {
        var decoded = SensorCsv.Decode(file.Span);
        if (!decoded.TryGetValue(out var text))
        {
            return Outcome<IReadOnlyList<IssuedCredentials>>.From(decoded);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ownerId = actor.UserId;
        var types = await db.SensorTypes.AsNoTracking().Where(t => t.Review.Status == SensorTypeAccess.UsableForNewSensors).ToListAsync(cancellationToken);
        var networks = await db.Networks.AsNoTracking().Where(n => n.OwnerId == ownerId).Select(n => new { n.Id, n.Name }).ToListAsync(cancellationToken);
        var existingNames = await db.Sensors.Where(s => s.OwnerId == ownerId).Select(s => s.Name).ToListAsync(cancellationToken);
        var lookups = new SensorCsvLookups(
            types.Select(t => new SensorCsvType(t.Id, t.Name, t.Variables)).ToList(),
            networks.Select(n => (n.Id, n.Name)).ToList(),
            existingNames);

        var result = SensorCsv.Read(text, lookups);
        var errors = result.Errors.ToList();
        var userClass = await Quotas.ClassOfAsync(db, ownerId, cancellationToken);
        if (result.RowCount > 0 && QuotaError(userClass, existingNames.Count, result.RowCount) is { } quotaError)
        {
            errors.Insert(0, quotaError);
        }
        if (errors.Count > 0)
        {
            return Outcome<IReadOnlyList<IssuedCredentials>>.Invalid(errors);
        }

        var issued = new List<IssuedCredentials>();
        var usernames = new HashSet<string>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var row in result.Rows)
        {
            var username = await SensorService.NewUniqueUsernameAsync(db, usernames, cancellationToken);
            usernames.Add(username);
            var password = SensorCredentials.NewPassword();
            var sensor = new Sensor
            {
                Id = Guid.NewGuid(),
                OwnerId = ownerId,
                Name = row.Name,
                SensorTypeId = row.Type.Id,
                NetworkId = row.NetworkId,
                Values = secretValues.Protect(row.Type.Variables, row.Values),
                MqttUsername = username,
                MqttPasswordHash = SensorCredentials.Hash(password),
                TopicPrefix = TopicScheme.SensorPrefix(ownerId, username),
                CreatedAt = now,
            };
            db.Sensors.Add(sensor);
            issued.Add(new IssuedCredentials(sensor.Id, sensor.Name, username, password, sensor.TopicPrefix));
        }
        audit.Record(db, actor, AuditAction.Create, AuditEntities.Sensor, ownerId,
            $"Imported {issued.Count} sensors from a CSV file: {string.Join(", ", issued.Select(i => i.SensorName))}.");
        string? refusal;
        try
        {
            // One transaction: either every row is stored or none, and only if the quota still allows them all
            // once other imports and creations of this owner have finished.
            refusal = await Quotas.SaveWithinLimitAsync(db, ownerId, async ct =>
                QuotaError(userClass, await db.Sensors.CountAsync(s => s.OwnerId == ownerId, ct), issued.Count), cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "A sensor import by {UserId} clashed with a change saved meanwhile", ownerId);
            return Outcome<IReadOnlyList<IssuedCredentials>>.Invalid("Some names were taken while the file was imported; nothing was imported. Try again.");
        }
        return refusal is null
            ? Outcome<IReadOnlyList<IssuedCredentials>>.Success(issued)
            : Outcome<IReadOnlyList<IssuedCredentials>>.Invalid(refusal);
    }

    private static string? QuotaError(UserClass userClass, int existing, int rows) =>
        QuotaRules.SensorLimitError(userClass, existing, rows) is { } error ? $"{error} The file has {rows} sensors." : null;
}
