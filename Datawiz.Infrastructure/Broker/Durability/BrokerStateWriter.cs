using System.Threading.Channels;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>
/// One change to the broker's stored state: rows deleted, then at most one row added, applied in the order the
/// changes were written. The row is made anew for every attempt, so that a failed attempt leaves nothing behind.
/// </summary>
public sealed class BrokerStateChange
{
    private readonly TaskCompletionSource<bool> saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<object>? row;
    private readonly Func<DatawizDbContext, Task>[] deletions;

    private BrokerStateChange(Func<object>? row, Func<DatawizDbContext, Task>[] deletions)
    {
        this.row = row;
        this.deletions = deletions;
    }

    /// <summary>Deletes what <paramref name="deletions"/> select, then adds the row <paramref name="row"/> makes (if any).</summary>
    public static BrokerStateChange Replace(Func<object>? row, params Func<DatawizDbContext, Task>[] deletions) => new(row, deletions);

    /// <summary>
    /// True once committed; false if the database refused it, or it was not committed within
    /// <see cref="BrokerStateWriter.ReportWithin"/> (the database is away or stalled: the change is still written once it answers).
    /// </summary>
    public Task<bool> Saved => saved.Task;

    internal async Task ApplyAsync(DatawizDbContext db)
    {
        if (deletions.Length > 0)
        {
            // Deletions run at once; rows added by earlier changes are saved first so that the order holds, and
            // forgotten, so that a row this change adds again under the same key is not taken for one still tracked.
            await db.SaveChangesAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            foreach (var delete in deletions)
            {
                await delete(db);
            }
        }
        if (row is not null)
        {
            db.Add(row());
        }
    }

    internal void Report(bool committed) => saved.TrySetResult(committed);
}

/// <summary>
/// Writes retained messages and persistent sessions to the database behind the broker, in order, many changes to
/// a transaction (group commit), so that the broker waits for the database only where MQTT says a message is
/// safe (a retained message's acknowledgement) and never for a subscription or a queued message.
/// </summary>
/// <remarks>
/// While the database is away the changes wait, in order, and are written once it is back; past
/// <see cref="Capacity"/> changes waiting, new ones are dropped, counted and logged, so that the broker's memory
/// stays bounded whatever the outage. A change the database refuses while it is up is dropped, counted and logged,
/// and the changes around it are written.
/// </remarks>
public sealed partial class BrokerStateWriter(
    IDbContextFactory<DatawizDbContext> contexts, BrokerMetrics metrics, TimeProvider clock, ILogger<BrokerStateWriter> logger) : BackgroundService
{
    public const int Capacity = 100_000;
    private const int MaxBatch = 500;

    /// <summary>
    /// How long a waiter waits at most before it hears "not written yet". The first attempt in an outage only fails
    /// once EF Core's retrying strategy has given up (five retries, about 40 s), longer than clients wait for an
    /// acknowledgement.
    /// </summary>
    public static readonly TimeSpan ReportWithin = TimeSpan.FromSeconds(5);

    private readonly Channel<BrokerStateChange> changes = Channel.CreateBounded<BrokerStateChange>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Set while a batch is past ReportWithin uncommitted: changes queued behind it hear "not written yet" at once.
    private volatile bool behind;

    // Changes taken from the channel to be told so while a batch is late; older than any still in the channel.
    private readonly Queue<BrokerStateChange> carried = new();

    // Changes accepted and not yet done with, wherever they wait (the channel, carried, the batch): the bound of
    // Capacity holds for all of them, not only for the channel, which a late batch empties into carried.
    private int held;

    /// <summary>Changes waiting in the channel or carried behind a late batch; for tests.</summary>
    internal int Waiting => changes.Reader.Count + carried.Count;

    /// <summary>Changes still in the channel; for tests.</summary>
    internal int InChannel => changes.Reader.Count;

    /// <summary>Queues <paramref name="change"/> behind every change written before it.</summary>
    public Task<bool> Write(BrokerStateChange change)
    {
        if (Interlocked.Increment(ref held) > Capacity || !changes.Writer.TryWrite(change))
        {
            Interlocked.Decrement(ref held);
            metrics.StateChangeDropped();
            LogDropped();
            change.Report(committed: false);
        }
        else if (behind)
        {
            change.Report(committed: false);
        }
        return change.Saved;
    }

    /// <summary>Queues <paramref name="change"/> where nobody waits for it to be committed.</summary>
    public void Queue(BrokerStateChange change) => _ = Write(change);

    /// <summary>Waits until everything written before this call is committed (tests, shutdown).</summary>
    public Task FlushAsync() => Write(BrokerStateChange.Replace(null));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<BrokerStateChange>(MaxBatch);
        // Not stopped by the token: what was accepted before shutdown is still written (StopAsync completes the channel).
        while (carried.Count > 0 || await changes.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && (carried.TryDequeue(out var change) || changes.Reader.TryRead(out change)))
            {
                batch.Add(change);
            }
            await CommitAsync(batch, stoppingToken);
            Interlocked.Add(ref held, -batch.Count);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<BrokerStateChange> batch, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            var failure = await ReportingLateAsync(TryCommitAsync(batch), batch);
            if (failure is null)
            {
                batch.ForEach(change => change.Report(committed: true));
                behind = false;
                return;
            }
            if (await IsReachableAsync())
            {
                // The database is there and refuses the batch, so a change in it is at fault: retrying would block
                // every change behind it forever. Written one by one, only the faulty one is lost.
                await CommitEachAsync(batch, failure, stoppingToken);
                return;
            }
            if (attempt == 1)
            {
                LogCommitFailed(failure, batch.Count);
                batch.ForEach(change => change.Report(committed: false));
            }
            if (stoppingToken.IsCancellationRequested)
            {
                LogGivenUp(batch.Count);
                return;
            }
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    /// <summary>Tells <paramref name="batch"/>'s waiters "not written yet" if <paramref name="attempt"/> is not done within <see cref="ReportWithin"/>.</summary>
    private async Task<Exception?> ReportingLateAsync(Task<Exception?> attempt, List<BrokerStateChange> batch)
    {
        using var stop = new CancellationTokenSource();
        if (await Task.WhenAny(attempt, Task.Delay(ReportWithin, clock, stop.Token)) != attempt)
        {
            // Set before the channel is emptied, so that a change is told either here or when it is written.
            behind = true;
            batch.ForEach(change => change.Report(committed: false));
            while (changes.Reader.TryRead(out var waiting))
            {
                waiting.Report(committed: false);
                carried.Enqueue(waiting);
            }
        }
        await stop.CancelAsync();
        return await attempt;
    }

    private async Task CommitEachAsync(List<BrokerStateChange> batch, Exception batchFailure, CancellationToken stoppingToken)
    {
        if (batch.Count > 1)
        {
            foreach (var change in batch)
            {
                await CommitAsync([change], stoppingToken);
            }
            return;
        }
        metrics.StateChangeDropped();
        LogRefused(batchFailure);
        batch[0].Report(committed: false);
    }

    /// <returns>Null once committed, else why not.</returns>
    private async Task<Exception?> TryCommitAsync(List<BrokerStateChange> batch)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            // PostgreSQL's retrying strategy allows a transaction of one's own only inside it; every try starts afresh.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                foreach (var change in batch)
                {
                    await change.ApplyAsync(db);
                }
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            });
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex;
        }
    }

    private async Task<bool> IsReachableAsync()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            return await db.Database.CanConnectAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker state: {Count} changes could not be written yet; retrying until the database is back")]
    private partial void LogCommitFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broker state: the database refused a change, which is dropped; the changes after it are written")]
    private partial void LogRefused(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broker state: {Count} changes were not written before shutdown (the database is away)")]
    private partial void LogGivenUp(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker state: a change was dropped, the writer is 100,000 changes behind")]
    private partial void LogDropped();
}
