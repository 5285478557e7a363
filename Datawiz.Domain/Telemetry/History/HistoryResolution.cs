namespace Datawiz.Domain.Telemetry.History;

/// <summary>How readings over a range are shown: each one, or one average (with minimum and maximum) per bucket.</summary>
public enum HistoryResolution
{
    /// <summary>The finest of the others that keeps every line within <see cref="HistoryLimits.MaxPoints"/>.</summary>
    Auto,

    Raw,

    Minute,

    FiveMinutes,

    FifteenMinutes,

    Hour,

    Day,
}

public static class HistoryResolutions
{
    /// <summary>Finest first: the order in which "auto" tries them.</summary>
    public static IReadOnlyList<HistoryResolution> Buckets { get; } =
        [HistoryResolution.Minute, HistoryResolution.FiveMinutes, HistoryResolution.FifteenMinutes, HistoryResolution.Hour, HistoryResolution.Day];

    /// <summary>The nominal length of a bucket; a day in the viewer's zone may be an hour shorter or longer.</summary>
    public static TimeSpan Length(this HistoryResolution resolution) => resolution switch
    {
        HistoryResolution.Minute => TimeSpan.FromMinutes(1),
        HistoryResolution.FiveMinutes => TimeSpan.FromMinutes(5),
        HistoryResolution.FifteenMinutes => TimeSpan.FromMinutes(15),
        HistoryResolution.Hour => TimeSpan.FromHours(1),
        HistoryResolution.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Only buckets have a length."),
    };

    public static string Describe(this HistoryResolution resolution) => resolution switch
    {
        HistoryResolution.Auto => "auto",
        HistoryResolution.Raw => "raw readings",
        HistoryResolution.Minute => "1-minute buckets",
        HistoryResolution.FiveMinutes => "5-minute buckets",
        HistoryResolution.FifteenMinutes => "15-minute buckets",
        HistoryResolution.Hour => "1-hour buckets",
        HistoryResolution.Day => "1-day buckets",
        _ => resolution.ToString(),
    };

    /// <summary>The short name used in addresses and CSV file names (<c>?resolution=5m</c>).</summary>
    public static string Code(this HistoryResolution resolution) => resolution switch
    {
        HistoryResolution.Auto => "auto",
        HistoryResolution.Raw => "raw",
        HistoryResolution.Minute => "1m",
        HistoryResolution.FiveMinutes => "5m",
        HistoryResolution.FifteenMinutes => "15m",
        HistoryResolution.Hour => "1h",
        HistoryResolution.Day => "1d",
        _ => resolution.ToString(),
    };

    public static HistoryResolution? FromCode(string? code) =>
        Enum.GetValues<HistoryResolution>().Cast<HistoryResolution?>().FirstOrDefault(r => string.Equals(r!.Value.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
