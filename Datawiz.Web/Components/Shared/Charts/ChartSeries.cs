using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Web.Components.Shared.Charts;

/// <summary>One line of a time chart: the field it draws (its key), the name in the legend and the unit.</summary>
public sealed record ChartSeries(string Key, string Name, string Unit);

/// <summary>Values to add to the line of <paramref name="Key"/>, in time order.</summary>
public sealed record ChartPoints(string Key, IReadOnlyList<TimedValue> Points);
