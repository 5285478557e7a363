namespace Datawiz.Domain.Telemetry.History;

public static class HistoryLimits
{
    /// <summary>
    /// The most points one line of a chart receives: more than a chart a few thousand pixels wide can show, few
    /// enough that the browser draws them at once.
    /// </summary>
    public const int MaxPoints = 2000;

    /// <summary>The most lines one comparison shows; beyond this a chart is unreadable anyway.</summary>
    public const int MaxSeries = 10;

    /// <summary>The longest range: the one whose day buckets still fit <see cref="MaxPoints"/> (about five and a half years).</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(MaxPoints - 1);
}
