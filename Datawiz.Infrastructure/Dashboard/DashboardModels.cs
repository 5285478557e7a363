using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Infrastructure.Dashboard;

/// <summary>
/// What one card of the dashboard shows when the page is read; later values arrive live.
/// </summary>
/// <param name="Shared">Shared with the viewer through a group, not his own; <paramref name="OwnerName"/> says whose.</param>
/// <param name="Latest">The newest value per field, type fields first (as <see cref="TelemetryOverview"/> orders them).</param>
/// <param name="Sparkline">
/// The card's main field (the type's first) over the last hour, averaged per minute: at most
/// <see cref="DashboardCards.MaxSparklinePoints"/> points, stamped with the start of their minute.
/// </param>
public sealed record DashboardCardData(
    Guid Id, string Name, string TypeName, IReadOnlyList<string> Tags, bool Shared, string? OwnerName,
    DateTimeOffset? LastSeenAt, int? ExpectedIntervalSeconds, bool Pinned,
    IReadOnlyList<TypeField> TypeFields, IReadOnlyList<LatestValue> Latest, IReadOnlyList<TimedValue> Sparkline)
{
    /// <summary>The field the sparkline draws: the type's first, or none when the type declares no field.</summary>
    public TypeField? MainField => TypeFields.Count > 0 ? TypeFields[0] : null;

    public TimeSpan ExpectedInterval => SensorPresence.ExpectedInterval(ExpectedIntervalSeconds);
}

/// <summary>The orders a dashboard offers; pinned sensors come first in every one.</summary>
public static class DashboardSort
{
    public const string Name = nameof(DashboardCardData.Name);

    public const string LastSeen = nameof(DashboardCardData.LastSeenAt);

    public static IReadOnlyList<string> All { get; } = [Name, LastSeen];
}
