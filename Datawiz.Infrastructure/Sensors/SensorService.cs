using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.UserClasses;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.UserClasses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>
/// A person's sensors: listing, reading, creating, changing, deleting and new MQTT passwords. Safe to hold
/// for a circuit: every call opens its own short context.
/// </summary>
public sealed class SensorService(
    IDbContextFactory<DatawizDbContext> contexts,
    AuditTrail audit,
    SecretValues secretValues,
    SensorAuthenticator authenticator,
    TimeProvider clock,
    ILogger<SensorService> logger)
{
    private const string What = "The sensor";

    public async Task<PagedResult<SensorListItem>> ListAsync(Actor actor, SensorQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensors = SensorAccess.VisibleTo(db, actor).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Page.Search))
        {
            var term = query.Page.Search.Trim().ToLower();
            sensors = sensors.Where(s => s.Name.ToLower().Contains(term) || s.Tags.Any(t => t.Contains(term)));
        }
        if (query.SensorTypeId is { } typeId)
        {
            sensors = sensors.Where(s => s.SensorTypeId == typeId);
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = SensorRules.NormaliseTag(query.Tag);
            sensors = sensors.Where(s => s.Tags.Contains(tag));
        }

        var rows =
            from s in sensors
            join t in db.SensorTypes on s.SensorTypeId equals t.Id
            join u in db.Users on s.OwnerId equals u.Id
            from n in db.Networks.Where(n => n.Id == s.NetworkId).DefaultIfEmpty()
            select new ListRow
            {
                Id = s.Id,
                OwnerId = s.OwnerId,
                OwnerName = u.DisplayName,
                OwnerEmail = u.Email,
                Name = s.Name,
                TypeName = t.Name,
                NetworkName = n == null ? null : n.Name,
                Tags = s.Tags,
                MqttUsername = s.MqttUsername,
                CreatedAt = s.CreatedAt,
                LastSeenAt = s.LastSeenAt,
            };

        var total = await rows.CountAsync(cancellationToken);
        var descending = query.Page.Descending;
        // Never-seen sensors sort as the oldest: last when the most recent come first.
        rows = query.Page.SortBy switch
        {
            nameof(SensorListItem.TypeName) => descending ? rows.OrderByDescending(r => r.TypeName).ThenBy(r => r.Name) : rows.OrderBy(r => r.TypeName).ThenBy(r => r.Name),
            nameof(SensorListItem.NetworkName) => descending ? rows.OrderByDescending(r => r.NetworkName).ThenBy(r => r.Name) : rows.OrderBy(r => r.NetworkName).ThenBy(r => r.Name),
            nameof(SensorListItem.LastSeenAt) => descending
                ? rows.OrderByDescending(r => r.LastSeenAt != null).ThenByDescending(r => r.LastSeenAt).ThenBy(r => r.Name)
                : rows.OrderBy(r => r.LastSeenAt != null).ThenBy(r => r.LastSeenAt).ThenBy(r => r.Name),
            nameof(SensorListItem.CreatedAt) => descending ? rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Name) : rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Name),
            nameof(SensorListItem.OwnerName) => descending ? rows.OrderByDescending(r => r.OwnerName).ThenBy(r => r.Name) : rows.OrderBy(r => r.OwnerName).ThenBy(r => r.Name),
            _ => descending ? rows.OrderByDescending(r => r.Name).ThenBy(r => r.Id) : rows.OrderBy(r => r.Name).ThenBy(r => r.Id),
        };
        var page = await rows.Skip(query.Page.Skip).Take(query.Page.Take).ToListAsync(cancellationToken);
        var items = page.Select(r => new SensorListItem(
            r.Id, r.Name, r.TypeName, r.NetworkName, r.Tags, r.MqttUsername, r.CreatedAt, r.LastSeenAt,
            ReadOnly: !actor.Owns(r.OwnerId),
            OwnerName: r.OwnerId == actor.UserId ? null : PersonName.Shown(actor, r.OwnerName ?? "", r.OwnerEmail))).ToList();
        return new PagedResult<SensorListItem>(items, total);
    }

    /// <summary>The types and tags that occur among the sensors the actor sees, for the list's filters.</summary>
    public async Task<SensorFilterOptions> FilterOptionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FilterOptionsOfAsync(db, SensorAccess.VisibleTo(db, actor), cancellationToken);
    }

    /// <summary>The types and tags that occur among <paramref name="sensors"/>: the filters of every list of sensors.</summary>
    internal static async Task<SensorFilterOptions> FilterOptionsOfAsync(DatawizDbContext db, IQueryable<Sensor> sensors, CancellationToken cancellationToken)
    {
        var types = await db.SensorTypes.AsNoTracking()
            .Where(t => sensors.Any(s => s.SensorTypeId == t.Id))
            .OrderBy(t => t.Name)
            .Select(t => new NamedItem(t.Id, t.Name))
            .ToListAsync(cancellationToken);
        // Tags are bounded by quota × MaxTags per owner, so gathering them here is cheap and portable.
        var tagLists = await sensors.AsNoTracking().Select(s => s.Tags).ToListAsync(cancellationToken);
        var tags = tagLists.SelectMany(t => t).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new SensorFilterOptions(types, tags);
    }

    public async Task<Outcome<SensorDetails>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await SensorAccess.VisibleTo(db, actor).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (sensor is null)
        {
            LogHidden(actor, id, "read");
            return Outcome<SensorDetails>.NotFound(What);
        }
        var type = await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == sensor.SensorTypeId, cancellationToken);
        var networkName = sensor.NetworkId is { } networkId
            ? await db.Networks.Where(n => n.Id == networkId).Select(n => n.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var owner = sensor.OwnerId == actor.UserId
            ? null
            : await db.Users.Where(u => u.Id == sensor.OwnerId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        var ownerName = owner is null ? null : PersonName.Shown(actor, owner.DisplayName, owner.Email);

        var values = type.Variables.Select(v =>
        {
            var stored = sensor.Values.FirstOrDefault(x => x.Key == v.Key)?.Value;
            var isSecret = v.Type == VariableType.Secret;
            return new SensorValueView(v.Key, v.Label, v.Type, isSecret ? null : stored, !string.IsNullOrEmpty(stored));
        }).ToList();
        return Outcome<SensorDetails>.Success(new SensorDetails(
            sensor.Id, sensor.OwnerId, ownerName, sensor.Name, sensor.Description, type.Id, type.Name, type.Review.Status,
            sensor.NetworkId, networkName, sensor.Tags, values, sensor.MqttUsername, sensor.TopicPrefix,
            sensor.CreatedAt, sensor.LastSeenAt, sensor.ExpectedIntervalSeconds, CanEdit: actor.Owns(sensor.OwnerId)));
    }

    /// <summary>What the form for a new sensor of the actor may offer: approved types and the actor's own networks.</summary>
    public async Task<SensorFormOptions> FormOptionsAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FormOptionsAsync(db, actor.UserId, null, cancellationToken);
    }

    /// <summary>
    /// What the form for changing a sensor may offer: approved types, the sensor's current type even when
    /// deprecated since, and its owner's networks. Not found unless the actor may change the sensor.
    /// </summary>
    public async Task<Outcome<SensorFormOptions>> FormOptionsAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await FindOwnedAsync(db, actor, sensorId, "see the form options of", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return Outcome<SensorFormOptions>.From(found);
        }
        return Outcome<SensorFormOptions>.Success(await FormOptionsAsync(db, sensor.OwnerId, sensor.SensorTypeId, cancellationToken));
    }

    private static async Task<SensorFormOptions> FormOptionsAsync(
        DatawizDbContext db, Guid ownerId, Guid? currentTypeId, CancellationToken cancellationToken)
    {
        var types = await db.SensorTypes.AsNoTracking()
            .Where(t => t.Review.Status == SensorTypeAccess.UsableForNewSensors || t.Id == currentTypeId)
            .OrderBy(t => t.Name)
            .ToListAsync(cancellationToken);
        var networks = await db.Networks.AsNoTracking()
            .Where(n => n.OwnerId == ownerId)
            .OrderBy(n => n.Name)
            .Select(n => new NamedItem(n.Id, n.Name))
            .ToListAsync(cancellationToken);
        return new SensorFormOptions(
            types.Select(t => new SensorTypeChoice(t.Id, t.Name, t.Hardware, t.Review.Status, t.Variables)).ToList(),
            networks);
    }

    /// <summary>Creates a sensor for the actor with fresh credentials; the password is in the result and nowhere else.</summary>
    public async Task<Outcome<IssuedCredentials>> CreateAsync(Actor actor, SensorInput input, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ownerId = actor.UserId;
        var userClass = await Quotas.ClassOfAsync(db, ownerId, cancellationToken);
        var existing = await db.Sensors.CountAsync(s => s.OwnerId == ownerId, cancellationToken);
        if (QuotaRules.SensorLimitError(userClass, existing) is { } quotaError)
        {
            return Outcome<IssuedCredentials>.Invalid(quotaError);
        }

        var checkedInput = await CheckAsync(db, ownerId, null, input, null, cancellationToken);
        if (!checkedInput.TryGetValue(out var valid))
        {
            return Outcome<IssuedCredentials>.From(checkedInput);
        }

        var username = await NewUniqueUsernameAsync(db, new HashSet<string>(), cancellationToken);
        var password = SensorCredentials.NewPassword();
        var sensor = new Sensor
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            CreatedAt = clock.GetUtcNow(),
            MqttUsername = username,
            MqttPasswordHash = SensorCredentials.Hash(password),
            TopicPrefix = TopicScheme.SensorPrefix(ownerId, username),
        };
        valid.ApplyTo(sensor);
        db.Sensors.Add(sensor);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.Sensor, sensor.Id, $"Created sensor '{sensor.Name}' ({valid.TypeName}) with MQTT username {username}.");
        string? refusal;
        try
        {
            refusal = await Quotas.SaveWithinLimitAsync(db, ownerId, async ct =>
                QuotaRules.SensorLimitError(userClass, await db.Sensors.CountAsync(s => s.OwnerId == ownerId, ct)), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (owner, name) index caught a sensor saved meanwhile under the same name.
            return Outcome<IssuedCredentials>.Invalid(DuplicateNameMessage(sensor.Name));
        }
        return refusal is null
            ? Outcome<IssuedCredentials>.Success(new IssuedCredentials(sensor.Id, sensor.Name, username, password, sensor.TopicPrefix))
            : Outcome<IssuedCredentials>.Invalid(refusal);
    }

    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, SensorInput input, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await FindOwnedAsync(db, actor, id, "change", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return found;
        }
        var checkedInput = await CheckAsync(db, sensor.OwnerId, sensor, input, sensor.SensorTypeId, cancellationToken);
        if (!checkedInput.TryGetValue(out var valid))
        {
            return checkedInput;
        }
        var changes = valid.Describe(sensor, input);
        valid.ApplyTo(sensor);
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Sensor, sensor.Id, $"Changed sensor '{sensor.Name}': {changes}.");
        return await TrySaveAsync(db, cancellationToken) ? Outcome.Ok : Outcome.Invalid(DuplicateNameMessage(sensor.Name));
    }

    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await FindOwnedAsync(db, actor, id, "delete", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return found;
        }
        db.Sensors.Remove(sensor);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.Sensor, sensor.Id, $"Deleted sensor '{sensor.Name}' (MQTT username {sensor.MqttUsername}).");
        await db.SaveChangesAsync(cancellationToken);
        authenticator.RevokeSensor(sensor.MqttUsername);
        return Outcome.Ok;
    }

    /// <summary>Replaces the MQTT password: the old one stops working at once, the new one is in the result only.</summary>
    public async Task<Outcome<IssuedCredentials>> RegeneratePasswordAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await FindOwnedAsync(db, actor, id, "regenerate the password of", cancellationToken);
        if (!found.TryGetValue(out var sensor))
        {
            return Outcome<IssuedCredentials>.From(found);
        }
        var password = SensorCredentials.NewPassword();
        sensor.MqttPasswordHash = SensorCredentials.Hash(password);
        audit.Record(db, actor, AuditAction.CredentialRegeneration, AuditEntities.Sensor, sensor.Id,
            $"Issued a new MQTT password for sensor '{sensor.Name}' (username {sensor.MqttUsername}); the old one no longer works.");
        await db.SaveChangesAsync(cancellationToken);
        authenticator.RevokeSensor(sensor.MqttUsername);
        return Outcome<IssuedCredentials>.Success(new IssuedCredentials(sensor.Id, sensor.Name, sensor.MqttUsername, password, sensor.TopicPrefix));
    }

    /// <summary>The sensor, tracked, when the actor may change it; otherwise the refusal to return.</summary>
    internal async Task<Outcome<Sensor>> FindOwnedAsync(
        DatawizDbContext db, Actor actor, Guid id, string attempt, CancellationToken cancellationToken)
    {
        var sensor = await db.Sensors.Include(s => s.Shares).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (sensor is not null && actor.Owns(sensor.OwnerId))
        {
            return Outcome<Sensor>.Success(sensor);
        }
        if (sensor is not null && await SensorAccess.VisibleTo(db, actor).AnyAsync(s => s.Id == id, cancellationToken))
        {
            // They can see it anyway, so saying why hides nothing.
            return Outcome<Sensor>.Invalid($"'{sensor.Name}' is shared with you to look at; only its owner can change it.");
        }
        LogHidden(actor, id, attempt);
        return Outcome<Sensor>.NotFound(What);
    }

    internal static async Task<string> NewUniqueUsernameAsync(DatawizDbContext db, ISet<string> alsoTaken, CancellationToken cancellationToken)
    {
        while (true)
        {
            var username = SensorCredentials.NewUsername();
            if (!alsoTaken.Contains(username) && !await db.Sensors.AnyAsync(s => s.MqttUsername == username, cancellationToken))
            {
                return username;
            }
        }
    }

    internal static string DuplicateNameMessage(string name) => $"You already have a sensor named '{name}'. Choose another name.";

    private async Task<Outcome<ValidInput>> CheckAsync(
        DatawizDbContext db, Guid ownerId, Sensor? current, SensorInput input, Guid? currentTypeId, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var name = input.Name?.Trim() ?? "";
        if (TextRules.NameError(name) is { } nameError)
        {
            errors.Add(nameError);
        }
        else
        {
            var lower = name.ToLower();
            if (await db.Sensors.AnyAsync(s => s.OwnerId == ownerId && s.Id != (current == null ? Guid.Empty : current.Id) && s.Name.ToLower() == lower, cancellationToken))
            {
                errors.Add(DuplicateNameMessage(name));
            }
        }
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (TextRules.MultiLineError(description, "Description", Limits.DescriptionLength) is { } descriptionError)
        {
            errors.Add(descriptionError);
        }
        var tags = SensorRules.ParseTags(input.Tags);
        errors.AddRange(tags.Errors);
        if (SensorPresence.IntervalError(input.ExpectedIntervalSeconds) is { } intervalError)
        {
            errors.Add(intervalError);
        }

        var type = input.SensorTypeId is { } typeId
            ? await db.SensorTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Id == typeId, cancellationToken)
            : null;
        if (type is null || (type.Review.Status != SensorTypeAccess.UsableForNewSensors && type.Id != currentTypeId))
        {
            errors.Add(input.SensorTypeId is null ? "Choose a sensor type." : "That sensor type is not available; choose an approved type.");
            type = null;
        }

        if (input.NetworkId is { } networkId && !await db.Networks.AnyAsync(n => n.Id == networkId && n.OwnerId == ownerId, cancellationToken))
        {
            errors.Add("That network is not one of the owner's networks; choose another or none.");
        }

        List<VariableValue> values = [];
        if (type is not null)
        {
            var given = new Dictionary<string, string?>(input.Values.Where(v => type.Variables.Any(x => x.Key == v.Key)), StringComparer.Ordinal);
            var stored = current is not null && current.SensorTypeId == type.Id ? current.Values : [];
            var validated = VariableRules.Validate(type.Variables, secretValues.WithStoredSecrets(type.Variables, given, stored));
            errors.AddRange(validated.Errors);
            if (validated.TryGetValue(out var checkedValues))
            {
                values = secretValues.Protect(type.Variables, checkedValues);
            }
        }

        return errors.Count > 0 || type is null || !tags.TryGetValue(out var tagList)
            ? Outcome<ValidInput>.Invalid(errors)
            : Outcome<ValidInput>.Success(new ValidInput(
                name, description, type.Id, type.Name, input.NetworkId, tagList.ToList(), input.ExpectedIntervalSeconds, values,
                type.Variables.Where(v => v.Type == VariableType.Secret).Select(v => v.Key).ToHashSet(StringComparer.Ordinal)));
    }

    private static async Task<bool> TrySaveAsync(DatawizDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique (owner, name) index caught a sensor saved meanwhile under the same name.
            return false;
        }
    }

    private void LogHidden(Actor actor, Guid id, string attempt) =>
        logger.LogWarning("User {UserId} tried to {Attempt} sensor {SensorId}, which they may not see", actor.UserId, attempt, id);

    private sealed record ValidInput(
        string Name, string? Description, Guid TypeId, string TypeName, Guid? NetworkId, List<string> Tags, int? ExpectedIntervalSeconds, List<VariableValue> Values,
        IReadOnlySet<string> SecretKeys)
    {
        public void ApplyTo(Sensor sensor)
        {
            sensor.Name = Name;
            sensor.Description = Description;
            sensor.SensorTypeId = TypeId;
            sensor.NetworkId = NetworkId;
            sensor.Tags = Tags;
            sensor.ExpectedIntervalSeconds = ExpectedIntervalSeconds;
            sensor.Values = Values;
        }

        /// <summary>Which parts changed, for the audit trail (names of fields only, never values that may be secret).</summary>
        public string Describe(Sensor before, SensorInput input)
        {
            var changed = new List<string>();
            if (before.Name != Name)
            {
                changed.Add($"name (was '{before.Name}')");
            }
            if (before.Description != Description)
            {
                changed.Add("description");
            }
            if (before.SensorTypeId != TypeId)
            {
                changed.Add($"type (now {TypeName})");
            }
            if (before.NetworkId != NetworkId)
            {
                changed.Add("network");
            }
            if (!before.Tags.SequenceEqual(Tags))
            {
                changed.Add("tags");
            }
            if (before.ExpectedIntervalSeconds != ExpectedIntervalSeconds)
            {
                changed.Add("expected interval");
            }
            // Secrets are encrypted afresh on every save, so only plain values can be compared.
            var plainBefore = before.Values.Where(v => !SecretKeys.Contains(v.Key)).Select(v => (v.Key, v.Value));
            var plainNow = Values.Where(v => !SecretKeys.Contains(v.Key)).Select(v => (v.Key, v.Value));
            if (!plainBefore.SequenceEqual(plainNow))
            {
                changed.Add("variable values");
            }
            if (SecretKeys.Any(key => !string.IsNullOrWhiteSpace(input.Values.GetValueOrDefault(key))))
            {
                changed.Add("secret values");
            }
            return changed.Count == 0 ? "nothing" : string.Join(", ", changed);
        }
    }

    private sealed class ListRow
    {
        public Guid Id { get; init; }

        public Guid OwnerId { get; init; }

        public string? OwnerName { get; init; }

        public string? OwnerEmail { get; init; }

        public string Name { get; init; } = "";

        public string TypeName { get; init; } = "";

        public string? NetworkName { get; init; }

        public List<string> Tags { get; init; } = [];

        public string MqttUsername { get; init; } = "";

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset? LastSeenAt { get; init; }
    }
}
