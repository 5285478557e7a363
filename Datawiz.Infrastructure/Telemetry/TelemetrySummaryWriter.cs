using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Writes what the <see cref="CounterTally"/> gathered (counters, last-seen times, newest values) every
/// <see cref="TelemetryOptions.SummaryInterval"/>, on a connection of its own, so that the batch writer's commits,
/// which sensors wait for, carry readings only. A failed write is put back and tried again next time; on shutdown
/// it writes once more after the batch writer has drained (it is registered first, so it stops last).
/// </summary>
/// <remarks>
/// The price: after a crash, up to one interval of counters and newest values is missing (the readings are not;
/// they are committed before any acknowledgement).
/// </remarks>
public sealed partial class TelemetrySummaryWriter(
    CounterTally tally, ITelemetryStore store, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<TelemetrySummaryWriter> logger)
    : BackgroundService
{
    // Not disposed: it never allocates a wait handle, and the last write may come after the host disposed this service.
    private readonly SemaphoreSlim writing = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SummaryInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteNowAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await WriteNowAsync(cancellationToken);
    }

    /// <summary>
    /// Writes what was gathered so far without waiting for the next interval. One write at a time: a caller that
    /// comes while the periodic write is under way waits for it, so that what was gathered before the call is
    /// committed (or put back after a failure) when it returns.
    /// </summary>
    public async Task WriteNowAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            if (tally.IsEmpty)
            {
                return;
            }
            var summary = tally.TakeAll();
            try
            {
                await store.WriteSummaryAsync(summary, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                tally.Restore(summary);
                LogWriteFailed(ex.Message, summary.Count);
            }
        }
        finally
        {
            writing.Release();
        }
    }


    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the telemetry summary of {Sensors} sensors failed, trying again later: {Problem}")]
    private partial void LogWriteFailed(string problem, int sensors);
}
