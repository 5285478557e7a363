namespace Datawiz.Benchmark;

/// <summary>One load-generating sensor: how it logs in and where it publishes.</summary>
public sealed record BenchClient(string Username, string Password, string Topic);

/// <summary>A broker under test: where it listens and the sensors that may publish to it.</summary>
public sealed record BrokerTarget(string Name, int Port, IReadOnlyList<BenchClient> Clients);
