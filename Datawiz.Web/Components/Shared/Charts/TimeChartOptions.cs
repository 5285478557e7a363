namespace Datawiz.Web.Components.Shared.Charts;

/// <summary>
/// What a chart component hands <c>wwwroot/js/charts.js</c>: the contract between them, serialised as JSON (camelCase).
/// A live chart gives <see cref="WindowSeconds"/> (a window ending now that moves); a history chart would give
/// <see cref="FixedRange"/> instead.
/// </summary>
public sealed record TimeChartOptions(
    IReadOnlyList<ChartSeries> Series,
    double WindowSeconds,
    TimeChartRange? FixedRange,
    int MaxPoints,
    string Theme,
    string TimeZone,
    int Height,
    string EmptyText)
{
    /// <summary>
    /// A line alone, without axes, legend, markers or tooltip (a dashboard card's last hour): the card beside it
    /// names the field and shows its value.
    /// </summary>
    public bool Sparkline { get; init; }

    public const string Light = "light";
    public const string Dark = "dark";

    /// <summary>Equal in every value, the series compared one by one (a record compares lists by reference).</summary>
    public bool SameAs(TimeChartOptions? other) =>
        other is not null && Series.SequenceEqual(other.Series) && this with { Series = other.Series } == other;
}

/// <summary>A fixed time range, in milliseconds since the Unix epoch (what the script's Date works in).</summary>
public sealed record TimeChartRange(long From, long To);

/// <summary>The points of one series as the script takes them: [epoch milliseconds, value] pairs.</summary>
public sealed record TimeChartPoints(string Key, IReadOnlyList<double[]> Points)
{
    public static TimeChartPoints From(ChartPoints points) =>
        new(points.Key, [.. points.Points.Select(p => new[] { p.Timestamp.ToUnixTimeMilliseconds(), p.Value })]);
}
