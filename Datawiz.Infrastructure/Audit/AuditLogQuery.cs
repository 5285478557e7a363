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

public sealed record AuditEntryView(long Id, DateTimeOffset At, string ActorName, AuditAction Action, string EntityType, string EntityId, string Summary);

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
        return new PagedResult<AuditEntryView>(page, total);
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
