namespace Datawiz.Benchmark;

/// <summary>A scenario cannot produce its figure; the message says why, for the person running the benchmark.</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);
