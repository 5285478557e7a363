using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Dashboard;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Pages.Sensors;
using Datawiz.Web.Components.Shared.Charts;

namespace Datawiz.Web.Components.Pages.Dashboard;

/// <summary>
/// One card as the open dashboard shows it: what was read, then the live updates on top. The newer value of a field
/// wins (<see cref="LiveLatestValues"/>), so a re-read that lags the live feed never moves a value back.
/// </summary>
public sealed class LiveCard
{
    private readonly List<ChartPoints> sparklinePending = [];

    public LiveCard(DashboardCardData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
        Latest = new LiveLatestValues(data.TypeFields);
        Latest.Merge(data.Latest);
        LastSeenAt = data.LastSeenAt;
        SparklineSeries = data.MainField is { } main ? [new ChartSeries(main.Key, main.Label, main.Unit)] : [];
        SparklineStart = data.MainField is { } field ? [new ChartPoints(field.Key, data.Sparkline)] : [];
    }

    public DashboardCardData Data { get; }

    public Guid Id => Data.Id;

    public LiveLatestValues Latest { get; }

    public DateTimeOffset? LastSeenAt { get; private set; }

    /// <summary>The sparkline's one line (the main field), or none when the type declares no field.</summary>
    public IReadOnlyList<ChartSeries> SparklineSeries { get; }

    /// <summary>What the sparkline is drawn with: the per-minute averages that were read.</summary>
    public IReadOnlyList<ChartPoints> SparklineStart { get; }

    public Presence PresenceAt(DateTimeOffset now) => SensorPresence.Of(LastSeenAt, Data.ExpectedIntervalSeconds, now);

    /// <summary>
    /// Readings just committed: the values, the sparkline's next points, and last seen. The readings' own times may be
    /// the device's; the sensor was seen when they were committed, a moment ago, which is what last seen means.
    /// </summary>
    public void Apply(SensorUpdate update, DateTimeOffset committedBy)
    {
        ArgumentNullException.ThrowIfNull(update);
        Latest.Apply(update);
        Seen(committedBy);
        if (Data.MainField is { } main && update.Fields.TryGetValue(main.Key, out var points) && points.Count > 0)
        {
            sparklinePending.Add(new ChartPoints(main.Key, points));
        }
    }

    /// <summary>The same sensor read again (after the page subscribed): newer values and a later last seen are kept.</summary>
    public void Merge(DashboardCardData read)
    {
        ArgumentNullException.ThrowIfNull(read);
        Latest.Merge(read.Latest);
        if (read.LastSeenAt is { } seen)
        {
            Seen(seen);
        }
    }

    /// <summary>The sparkline points that arrived since the card last drew; the card hands them to its chart.</summary>
    public IReadOnlyList<ChartPoints> TakeSparklinePoints()
    {
        if (sparklinePending.Count == 0)
        {
            return [];
        }
        var taken = sparklinePending.ToList();
        sparklinePending.Clear();
        return taken;
    }

    private void Seen(DateTimeOffset at)
    {
        if (LastSeenAt is null || at > LastSeenAt)
        {
            LastSeenAt = at;
        }
    }
}
