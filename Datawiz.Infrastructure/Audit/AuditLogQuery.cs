using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Common;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Audit;

/// <summary>A search of the audit trail. <see cref="From"/> and <see cref="To"/> are whole days in <see cref="Zone"/> (UTC when not given), both included.</summary>
public sealed record AuditQuery(
    string? Search = null, AuditAction? Action = null, DateOnly? From = null, DateOnly? To = null, int Page = 0, int PageSize = 25,
    TimeZoneInfo? Zone = null);

/// <param name="EntityName">The entity's name today; null when it is gone or has no name (a comment).</param>
public sealed record AuditEntryView(
    long Id, DateTimeOffset At, string ActorName, AuditAction Action, string EntityType, string EntityId, string Summary, string? EntityName = null);

/// <summary>The administrators' view of the audit trail, newest first.</summary>
public sealed class AuditLogQuery(IDbContextFactory<DatawizDbContext> contexts, ILogger<AuditLogQuery> logger)
{
    public async Task<PagedResult<AuditEntryView>> SearchAsync(Actor actor, AuditQuery query, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            logger.LogWarning("User {UserId} asked for the audit log without being an administrator", actor.UserId);
            return new PagedResult<AuditEntryView>([], 0);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToUpperInvariant();
            entries = entries.Where(a =>
                a.ActorName.ToUpper().Contains(term)
                || a.EntityType.ToUpper().Contains(term)
                || a.EntityId.ToUpper().Contains(term)
                || a.Summary.ToUpper().Contains(term));
        }
        if (query.Action is { } action)
        {
            entries = entries.Where(a => a.Action == action);
        }
        var zone = query.Zone ?? TimeZoneInfo.Utc;
        if (StartOf(query.From, zone) is { } from)
        {
            entries = entries.Where(a => a.At >= from);
        }
        if (StartOf(query.To?.AddDays(1), zone) is { } before)
        {
            entries = entries.Where(a => a.At < before);
        }

        var total = await entries.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, PageRequest.MaxPageSize);
        var page = await entries
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(a => new AuditEntryView(a.Id, a.At, a.ActorName, a.Action, a.EntityType, a.EntityId, a.Summary))
            .ToListAsync(cancellationToken);
        var names = await EntityNamesAsync(db, page, cancellationToken);
        return new PagedResult<AuditEntryView>(
            page.Select(e => e with { EntityName = names.GetValueOrDefault((e.EntityType, e.EntityId)) }).ToList(), total);
    }

    /// <summary>The current names of the entities on one page of the trail, a query per type that occurs on it.</summary>
    private static async Task<Dictionary<(string Type, string Id), string>> EntityNamesAsync(
        DatawizDbContext db, IReadOnlyList<AuditEntryView> entries, CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string, string), string>();
        foreach (var group in entries.GroupBy(e => e.EntityType))
        {
            var ids = group.Select(e => Guid.TryParse(e.EntityId, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
            if (ids.Count == 0)
            {
                continue;
            }
            var found = group.Key switch
            {
                AuditEntities.User => await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName + " (" + u.Email + ")" }).ToListAsync(cancellationToken),
                AuditEntities.UserClass => await db.UserClasses.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken),
                AuditEntities.Group => await db.Groups.Where(g => ids.Contains(g.Id)).Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken),
                AuditEntities.Network => await db.Networks.Where(n => ids.Contains(n.Id)).Select(n => new { n.Id, n.Name }).ToListAsync(cancellationToken),
                AuditEntities.Sensor => await db.Sensors.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken),
                AuditEntities.SensorType => await db.SensorTypes.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken),
                AuditEntities.ApplicationTemplate => await db.ApplicationTemplates.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken),
                AuditEntities.UserApplication => await db.UserApplications.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken),
                _ => [],
            };
            foreach (var item in found)
            {
                names[(group.Key, item.Id.ToString())] = item.Name;
            }
        }
        return names;
    }

    /// <summary>The instant a day starts for someone in <paramref name="zone"/>: the days picked are the viewer's days.</summary>
    private static DateTimeOffset? StartOf(DateOnly? day, TimeZoneInfo zone)
    {
        if (day is not { } d)
        {
            return null;
        }
        var midnight = d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
