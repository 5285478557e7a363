namespace Datawiz.Benchmark;

public enum Scenario
{
    Datawiz,
    Bare,
    Mosquitto,
    Copy,
    Latency,
    Memory,
    History,
}

public sealed record BenchmarkSettings(
    IReadOnlySet<Scenario> Scenarios,
    TimeSpan Duration,
    int Clients,
    int Window,
    int LatencyRate,
    TimeSpan LatencyDuration,
    int MemorySensors,
    TimeSpan MemoryPeriod,
    TimeSpan MemoryDuration,
    string Postgres,
    string AppDll,
    string? LatencyLog,
    int HistorySensors = 100,
    int HistoryDays = 365);

/// <summary>The targets of issue 7 for a 2-core machine.</summary>
public static class Goals
{
    public const double ReadingsPerSecond = 25_000;
    public const double ShareOfMosquitto = 0.5;
    public const double ShareOfBare = 0.7;
    public const double P99Milliseconds = 25;
    public const long PeakBytes = 1L << 30;
}
