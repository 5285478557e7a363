namespace Datawiz.Infrastructure.Telemetry;

/// <summary>One committed value: a field of a sensor at one moment.</summary>
public readonly record struct CommittedReading(string Field, DateTimeOffset Timestamp, double Value);

/// <summary>The readings of one sensor that one batch has just committed, in the order they arrived.</summary>
public sealed record CommittedReadings(Guid SensorId, IReadOnlyList<CommittedReading> Readings);
