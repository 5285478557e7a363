using Datawiz.Infrastructure.Telemetry.History;

namespace Datawiz.Web.Components.Shared.Charts;

/// <summary>
/// What a history chart hands <c>wwwroot/js/charts.js</c> (<c>drawHistory</c>): its lines over a fixed range, with a
/// minimum–maximum band under each average when the points are buckets.
/// </summary>
public sealed record HistoryChartOptions(
    IReadOnlyList<HistoryChartLine> Lines,
    TimeChartRange Range,
    bool Band,
    string Theme,
    string TimeZone,
    int Height,
    string EmptyText)
{
    public static IReadOnlyList<HistoryChartLine> LinesOf(HistoryResult result, bool nameSensors) =>
        [.. result.Lines.Select(line => new HistoryChartLine(
            nameSensors ? $"{line.Line.SensorName} · {line.Line.Label}" : line.Line.Label,
            line.Line.Unit,
            [.. line.Points.Select(p => new[] { p.Time.ToUnixTimeMilliseconds(), p.Average, p.Minimum, p.Maximum })]))];
}

/// <summary>One line: its legend name, its unit, and [epoch ms, average, minimum, maximum] per point.</summary>
public sealed record HistoryChartLine(string Name, string Unit, IReadOnlyList<double[]> Points);
