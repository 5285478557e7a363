using System.ComponentModel.DataAnnotations;
using Datawiz.Domain.Telemetry;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>The <c>Telemetry</c> configuration section: the parser's limits, the queue, the batches and retention.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Messages waiting for the batch writer at most; more are answered Unavailable (not acknowledged).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Messages one batch (one commit) takes at most.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 2_000;

    /// <summary>Batches being committed at once, each on its own connection.</summary>
    [Range(1, 8)]
    public int ConcurrentCommits { get; set; } = 2;

    /// <summary>How long a batch stays open for more messages after its first one (group commit).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How often counters, last-seen times and newest values are written (they are kept in memory between).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the writer tries the database again after it was unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan DatabaseRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(16, 1_048_576)]
    public int MaxPayloadBytes { get; set; } = PayloadLimits.Default.MaxBytes;

    [Range(1, 32)]
    public int MaxJsonDepth { get; set; } = PayloadLimits.Default.MaxDepth;

    [Range(1, 1_000)]
    public int MaxFieldsPerMessage { get; set; } = PayloadLimits.Default.MaxFields;

    /// <summary>How far a timestamp in a payload may differ from the receive time and still be used.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = PayloadLimits.Default.MaxClockSkew;

    /// <summary>How often the retention job looks for expired readings.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// About the readings one retention delete removes, so that it never holds up ingestion for long: a delete ends at a
    /// quarter hour (with that quarter hour's rollups), so it may take up to a quarter hour's readings more.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RetentionBatchSize { get; set; } = 5_000;

    public PayloadLimits Limits() => new(MaxPayloadBytes, MaxJsonDepth, MaxFieldsPerMessage, MaxClockSkew);
}
