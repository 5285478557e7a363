using Datawiz.Infrastructure.Live;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Live readings for a view (a dashboard, a sensor's chart, a hub connection): its sensors' committed readings,
/// coalesced and handed over at most once per interval. A slow view only makes its own updates rarer and larger;
/// ingestion never waits for it.
/// </summary>
/// <remarks>
/// The caller decides which sensors a viewer may see; this does not check. A Blazor component passes a handler
/// that marshals onto its renderer (<c>InvokeAsync</c>) and disposes the handle with itself.
/// </remarks>
public sealed partial class LiveReadings(ILiveFeed<Guid, CommittedReadings> feed, TimeProvider clock, ILogger<LiveReadings> logger)
{
    /// <summary>How often a view is updated at most, unless it asks otherwise: a few renders a second.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <returns>The view: dispose it to stop; a view whose sensors change (a hub connection) adds and removes them on it.</returns>
    public LiveReadingsView Subscribe(IEnumerable<Guid> sensorIds, Func<IReadOnlyList<SensorUpdate>, CancellationToken, Task> update, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        var view = new LiveReadingsView(this, feed, clock, update, interval ?? DefaultInterval);
        foreach (var sensorId in sensorIds)
        {
            view.Add(sensorId);
        }
        view.Start();
        return view;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A live readings view failed to update")]
    internal partial void LogUpdateFailed(Exception exception);
}

/// <summary>One view's subscription: its sensors' readings, coalesced into one update per interval.</summary>
public sealed class LiveReadingsView : IDisposable
{
    private readonly LiveReadings owner;
    private readonly ILiveFeed<Guid, CommittedReadings> feed;
    private readonly TimeProvider clock;
    private readonly Func<IReadOnlyList<SensorUpdate>, CancellationToken, Task> update;
    private readonly TimeSpan interval;
    private readonly ReadingsCoalescer coalescer = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, IDisposable> subscriptions = [];
    private int disposed;

    internal LiveReadingsView(
        LiveReadings owner, ILiveFeed<Guid, CommittedReadings> feed, TimeProvider clock, Func<IReadOnlyList<SensorUpdate>, CancellationToken, Task> update, TimeSpan interval)
    {
        this.owner = owner;
        this.feed = feed;
        this.clock = clock;
        this.update = update;
        this.interval = interval;
    }

    /// <summary>Adds a sensor to the view (nothing when it is there already or the view is disposed).</summary>
    public void Add(Guid sensorId)
    {
        lock (gate)
        {
            if (disposed == 0 && !subscriptions.ContainsKey(sensorId))
            {
                subscriptions[sensorId] = feed.Subscribe(sensorId, ReceiveAsync);
            }
        }
    }

    /// <summary>
    /// Stops the sensor's readings from now on; readings already gathered may still come with the next update,
    /// so a caller that must not pass them on filters the update too.
    /// </summary>
    public void Remove(Guid sensorId)
    {
        IDisposable? removed;
        lock (gate)
        {
            subscriptions.Remove(sensorId, out removed);
        }
        removed?.Dispose();
    }

    private Task ReceiveAsync(CommittedReadings committed, CancellationToken cancellationToken)
    {
        coalescer.Add(committed);
        return Task.CompletedTask;
    }

    internal void Start() => _ = Task.Run(UpdateAsync);

    private async Task UpdateAsync()
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                var updates = coalescer.Take();
                if (updates.Count == 0 || stopping.IsCancellationRequested)
                {
                    continue;
                }
                try
                {
                    await update(updates, stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A view's failure must neither end its updates nor reach ingestion.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    owner.LogUpdateFailed(exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed while waiting for the next tick.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        List<IDisposable> ended;
        lock (gate)
        {
            ended = [.. subscriptions.Values];
            subscriptions.Clear();
        }
        ended.ForEach(subscription => subscription.Dispose());
        // Not disposed: the update loop may still read its token once more; it holds no timer or handle.
        stopping.Cancel();
    }
}
