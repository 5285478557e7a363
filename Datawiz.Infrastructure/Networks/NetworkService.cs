using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Networks;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Networks;

/// <summary>
/// A user's WiFi networks. Owners manage their own; administrators see and manage everyone's, but only
/// the owner can ever read a password back (<see cref="RevealPasswordAsync"/>): an administrator
/// can replace a password without learning it. Nothing a person typed is written to the log.
/// </summary>
public sealed class NetworkService(
    IDbContextFactory<DatawizDbContext> contexts,
    SecretProtector secrets,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<NetworkService> logger)
{
    private const string What = "The network";

    public async Task<PagedResult<NetworkSummary>> ListAsync(Actor actor, PageRequest request, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = from n in db.Networks.AsNoTracking()
                   join u in db.Users on n.OwnerId equals u.Id
                   select new { Network = n, OwnerEmail = u.Email ?? "" };
        if (!actor.IsAdmin)
        {
            rows = rows.Where(r => r.Network.OwnerId == actor.UserId);
        }
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var term = request.Search.Trim().ToUpper();
            rows = rows.Where(r => r.Network.Name.ToUpper().Contains(term)
                                   || r.Network.Ssid.ToUpper().Contains(term)
                                   || (actor.IsAdmin && r.OwnerEmail.ToUpper().Contains(term)));
        }

        var total = await rows.CountAsync(cancellationToken);
        var sorted = (request.SortBy, request.Descending) switch
        {
            (nameof(NetworkSummary.Ssid), false) => rows.OrderBy(r => r.Network.Ssid),
            (nameof(NetworkSummary.Ssid), true) => rows.OrderByDescending(r => r.Network.Ssid),
            (nameof(NetworkSummary.OwnerEmail), false) => rows.OrderBy(r => r.OwnerEmail),
            (nameof(NetworkSummary.OwnerEmail), true) => rows.OrderByDescending(r => r.OwnerEmail),
            (nameof(NetworkSummary.CreatedAt), false) => rows.OrderBy(r => r.Network.CreatedAt),
            (nameof(NetworkSummary.CreatedAt), true) => rows.OrderByDescending(r => r.Network.CreatedAt),
            (_, true) => rows.OrderByDescending(r => r.Network.Name),
            _ => rows.OrderBy(r => r.Network.Name),
        };
        var page = await sorted.ThenBy(r => r.Network.Id)
            .Skip(request.Skip).Take(request.Take)
            .Select(r => new NetworkSummary(
                r.Network.Id, r.Network.Name, r.Network.Ssid, r.Network.ProtectedPassword == "", r.Network.OwnerId, r.OwnerEmail,
                db.Sensors.Count(s => s.NetworkId == r.Network.Id), r.Network.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<NetworkSummary>(page, total);
    }

    /// <summary>The actor's own networks, for choosing one when a sensor is set up.</summary>
    public async Task<IReadOnlyList<NetworkChoice>> ChoicesAsync(Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Networks.AsNoTracking()
            .Where(n => n.OwnerId == actor.UserId)
            .OrderBy(n => n.Name)
            .Select(n => new NetworkChoice(n.Id, n.Name, n.Ssid))
            .ToListAsync(cancellationToken);
    }

    public async Task<Outcome<NetworkDetails>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var details = await (from n in db.Networks.AsNoTracking()
                             join u in db.Users on n.OwnerId equals u.Id
                             where n.Id == id
                             select new NetworkDetails(
                                 n.Id, n.Name, n.Ssid, n.ProtectedPassword == "", n.OwnerId, u.Email ?? "",
                                 db.Sensors.Count(s => s.NetworkId == n.Id), n.CreatedAt, n.OwnerId == actor.UserId))
            .FirstOrDefaultAsync(cancellationToken);
        if (details is null || !actor.Owns(details.OwnerId))
        {
            return Outcome<NetworkDetails>.NotFound(Refused(actor, id, "read", details is not null));
        }
        return Outcome<NetworkDetails>.Success(details);
    }

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, NetworkInput input, CancellationToken cancellationToken)
    {
        var errors = NetworkRules.InputErrors(input.Name, input.Ssid, input.Password);
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }
        var name = input.Name.Trim();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await NameTakenAsync(db, actor.UserId, name, except: null, cancellationToken))
        {
            return Outcome<Guid>.Invalid(DuplicateName(name));
        }
        var network = new Network
        {
            Id = Guid.NewGuid(),
            OwnerId = actor.UserId,
            Name = name,
            Ssid = input.Ssid,
            ProtectedPassword = Protect(input.Password),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Networks.Add(network);
        audit.Record(db, actor, AuditAction.Create, AuditEntities.Network, network.Id, $"Created network \"{name}\" (SSID \"{input.Ssid}\", {Security(network)}).");
        var saved = await SaveAsync(db, actor.UserId, name, network.Id, cancellationToken);
        return saved.Succeeded ? Outcome<Guid>.Success(network.Id) : Outcome<Guid>.From(saved);
    }

    public async Task<Outcome> UpdateAsync(Actor actor, Guid id, NetworkInput input, CancellationToken cancellationToken)
    {
        var errors = NetworkRules.InputErrors(input.Name, input.Ssid, input.RemovePassword ? null : input.Password);
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }
        var name = input.Name.Trim();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var network = await db.Networks.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (network is null || !actor.Owns(network.OwnerId))
        {
            return Outcome.NotFound(Refused(actor, id, "change", network is not null));
        }
        if (await NameTakenAsync(db, network.OwnerId, name, except: id, cancellationToken))
        {
            return Outcome.Invalid(DuplicateName(name));
        }

        var changes = new List<string>();
        if (network.Name != name)
        {
            changes.Add($"name \"{network.Name}\" → \"{name}\"");
            network.Name = name;
        }
        if (network.Ssid != input.Ssid)
        {
            changes.Add($"SSID \"{network.Ssid}\" → \"{input.Ssid}\"");
            network.Ssid = input.Ssid;
        }
        if (input.RemovePassword)
        {
            if (network.ProtectedPassword != "")
            {
                changes.Add("password removed (open network)");
                network.ProtectedPassword = "";
            }
        }
        else if (!string.IsNullOrEmpty(input.Password))
        {
            changes.Add("password changed");
            network.ProtectedPassword = Protect(input.Password);
        }
        if (changes.Count == 0)
        {
            return Outcome.Ok;
        }
        audit.Record(db, actor, AuditAction.Update, AuditEntities.Network, network.Id, $"Updated network \"{name}\": {string.Join(", ", changes)}.");
        return await SaveAsync(db, network.OwnerId, name, network.Id, cancellationToken);
    }

    /// <summary>Deletes a network no sensor uses; one still in use is refused with how many sensors use it.</summary>
    public async Task<Outcome> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var network = await db.Networks.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (network is null || !actor.Owns(network.OwnerId))
        {
            return Outcome.NotFound(Refused(actor, id, "delete", network is not null));
        }
        var users = await db.Sensors.CountAsync(s => s.NetworkId == id, cancellationToken);
        if (users > 0)
        {
            return Outcome.Invalid(InUseMessage(network.Name, users));
        }
        db.Networks.Remove(network);
        audit.Record(db, actor, AuditAction.Delete, AuditEntities.Network, network.Id, $"Deleted network \"{network.Name}\" (SSID \"{network.Ssid}\").");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A sensor took the network between the count and the delete; the foreign key kept it.
            return Outcome.Invalid(InUseMessage(network.Name, await CountUsersAsync(id, cancellationToken)));
        }
        return Outcome.Ok;
    }

    /// <summary>
    /// The plain password, for its owner only: not even an administrator may read another person's
    /// WiFi password, so for anyone else the network does not exist. An open network gives "".
    /// </summary>
    public async Task<Outcome<string>> RevealPasswordAsync(Actor actor, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var network = await db.Networks.AsNoTracking()
            .Where(n => n.Id == id)
            .Select(n => new { n.OwnerId, n.ProtectedPassword })
            .FirstOrDefaultAsync(cancellationToken);
        if (network is null || network.OwnerId != actor.UserId)
        {
            return Outcome<string>.NotFound(Refused(actor, id, "reveal the password of", network is not null));
        }
        logger.LogInformation("User {UserId} revealed the password of network {NetworkId}", actor.UserId, id);
        return Outcome<string>.Success(network.ProtectedPassword == "" ? "" : secrets.Unprotect(network.ProtectedPassword));
    }

    public static string InUseMessage(string name, int sensors) =>
        $"\"{name}\" is still used by {sensors} {(sensors == 1 ? "sensor" : "sensors")}: move {(sensors == 1 ? "it" : "them")} to another network or delete {(sensors == 1 ? "it" : "them")} first.";

    private static string DuplicateName(string name) => $"You already have a network named \"{name}\". Choose another name.";

    private static string Security(Network network) => network.ProtectedPassword == "" ? "open" : "with password";

    private string Protect(string? password) => string.IsNullOrEmpty(password) ? "" : secrets.Protect(password);

    private static Task<bool> NameTakenAsync(DatawizDbContext db, Guid ownerId, string name, Guid? except, CancellationToken cancellationToken)
    {
        var upper = name.ToUpper();
        return db.Networks.AnyAsync(n => n.OwnerId == ownerId && n.Name.ToUpper() == upper && n.Id != except, cancellationToken);
    }

    private async Task<int> CountUsersAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Sensors.CountAsync(s => s.NetworkId == id, cancellationToken);
    }

    /// <summary>Saves; a unique-name violation from a concurrent save becomes the same message as the check before it.</summary>
    private async Task<Outcome> SaveAsync(DatawizDbContext db, Guid ownerId, string name, Guid networkId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Ok;
        }
        catch (DbUpdateException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (await NameTakenAsync(fresh, ownerId, name, except: networkId, cancellationToken))
            {
                return Outcome.Invalid(DuplicateName(name));
            }
            throw;
        }
    }

    private string Refused(Actor actor, Guid id, string verb, bool exists)
    {
        if (exists)
        {
            logger.LogWarning("User {UserId} tried to {Verb} network {NetworkId}, which is not theirs", actor.UserId, verb, id);
        }
        return What;
    }
}
