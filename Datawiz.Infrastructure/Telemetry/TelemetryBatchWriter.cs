using Datawiz.Domain.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Takes queued messages in batches and commits each batch's readings at once (group commit: a batch closes when full or
/// <see cref="TelemetryOptions.MaxBatchDelay"/> after its first message), then tells every sender. When a commit
/// fails the database counts as unreachable: the batch's senders hear Unavailable (nothing was acknowledged),
/// new messages are refused at once, and the writer tries the database again until it answers. On shutdown it
/// stops taking messages and writes all those already queued before it ends. Counters and newest values go to
/// the <see cref="CounterTally"/>, which <see cref="TelemetrySummaryWriter"/> writes on its own connection; the
/// committed readings to the live feed (<see cref="TelemetryNotifier"/>).
/// </summary>
public sealed partial class TelemetryBatchWriter(
    TelemetryInbox queue, CounterTally tally, TelemetryNotifier notifier, ITelemetryStore store, TelemetryMetrics metrics,
    IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<TelemetryBatchWriter> logger) : BackgroundService
{
    public const string UnavailableReason = "The database is unreachable; try again shortly.";

    private readonly TelemetryOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // More than one commit in flight: while one waits for the database's flush, the next batch is written.
        await Task.WhenAll(Enumerable.Range(0, settings.ConcurrentCommits).Select(_ => WriteUntilStoppedAsync(stoppingToken)));
        await DrainAsync();
    }

    private async Task WriteUntilStoppedAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                if (queue.DatabaseUnreachable)
                {
                    await WaitForDatabaseAsync(stoppingToken);
                    continue;
                }
                await queue.Reader.WaitToReadAsync(stoppingToken);
                // Not the stopping token: a batch once taken is written (or failed) whole, never abandoned halfway.
                await WriteNextBatchAsync(closeEarly: false, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DrainAsync()
    {
        queue.Close();
        var written = 0;
        while (queue.Reader.Count > 0)
        {
            var before = queue.Reader.Count;
            await WriteNextBatchAsync(closeEarly: true, CancellationToken.None);
            written += before - queue.Reader.Count;
        }
        LogDrained(written);
    }

    private async Task WriteNextBatchAsync(bool closeEarly, CancellationToken cancellationToken)
    {
        var messages = await TakeBatchAsync(closeEarly);
        if (queue.DatabaseUnreachable)
        {
            Fail(messages);
            return;
        }
        if (messages.Count == 0)
        {
            return;
        }
        var started = clock.GetTimestamp();
        try
        {
            await store.WriteReadingsAsync(ReadingsOf(messages), cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever went wrong, nothing of this batch was committed: its senders must not acknowledge.
            LogCommitFailed(ex, messages.Count);
            queue.DatabaseUnreachable = true;
            Fail(messages);
            return;
        }
        metrics.Committed(messages.Count, clock.GetElapsedTime(started));
        metrics.Stored(messages.Count);
        tally.Stored(messages);
        notifier.Committed(messages);
        foreach (var message in messages)
        {
            message.Completion.TrySetResult(IngestionResult.Stored);
        }
    }

    private static List<Reading> ReadingsOf(List<QueuedMessage> messages)
    {
        var readings = new List<Reading>(messages.Count * 2);
        foreach (var message in messages)
        {
            var timestamp = message.Payload.Timestamp.ToUniversalTime();
            foreach (var reading in message.Payload.Readings)
            {
                readings.Add(new Reading { SensorId = message.SensorId, Timestamp = timestamp, Field = reading.Field, Value = reading.Value });
            }
        }
        return readings;
    }

    private async Task<List<QueuedMessage>> TakeBatchAsync(bool closeEarly)
    {
        var batch = new List<QueuedMessage>();
        var reader = queue.Reader;
        while (batch.Count < settings.MaxBatchSize && reader.TryRead(out var message))
        {
            batch.Add(message);
        }
        if (batch.Count == 0 || closeEarly || settings.MaxBatchDelay <= TimeSpan.Zero)
        {
            return batch;
        }
        // Group commit: senders that arrive within the delay share this commit.
        using var open = new CancellationTokenSource(settings.MaxBatchDelay, clock);
        try
        {
            while (batch.Count < settings.MaxBatchSize && await reader.WaitToReadAsync(open.Token))
            {
                while (batch.Count < settings.MaxBatchSize && reader.TryRead(out var message))
                {
                    batch.Add(message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The batch is old enough.
        }
        return batch;
    }

    private async Task WaitForDatabaseAsync(CancellationToken stoppingToken)
    {
        while (queue.Reader.TryRead(out var stranded))
        {
            Fail([stranded]);
        }
        await Task.Delay(settings.DatabaseRetryInterval, clock, stoppingToken);
        try
        {
            await store.ProbeAsync(stoppingToken);
            queue.DatabaseUnreachable = false;
            LogDatabaseBack();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogStillUnreachable(ex.Message);
        }
    }

    private void Fail(List<QueuedMessage> messages)
    {
        foreach (var message in messages)
        {
            metrics.Refused("unavailable");
            message.Completion.TrySetResult(new IngestionResult(IngestionStatus.Unavailable, UnavailableReason));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Committing a telemetry batch of {Messages} messages failed; refusing telemetry until the database answers again")]
    private partial void LogCommitFailed(Exception exception, int messages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database is still unreachable for telemetry: {Problem}")]
    private partial void LogStillUnreachable(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again; telemetry is stored again")]
    private partial void LogDatabaseBack();

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry queue drained on shutdown: {Messages} messages written")]
    private partial void LogDrained(int messages);
}
