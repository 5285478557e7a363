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

    public IDisposable Subscribe(IEnumerable<Guid> sensorIds, Func<IReadOnlyList<SensorUpdate>, CancellationToken, Task> update, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        var view = new View(this, clock, update, interval ?? DefaultInterval);
        foreach (var sensorId in sensorIds.Distinct())
        {
            view.Subscriptions.Add(feed.Subscribe(sensorId, view.ReceiveAsync));
        }
        view.Start();
        return view;
    }

    private sealed class View(LiveReadings owner, TimeProvider clock, Func<IReadOnlyList<SensorUpdate>, CancellationToken, Task> update, TimeSpan interval) : IDisposable
    {
        private readonly ReadingsCoalescer coalescer = new();
        private readonly CancellationTokenSource stopping = new();
        private int disposed;

        public List<IDisposable> Subscriptions { get; } = [];

        public Task ReceiveAsync(CommittedReadings committed, CancellationToken cancellationToken)
        {
            coalescer.Add(committed);
            return Task.CompletedTask;
        }

        public void Start() => _ = Task.Run(UpdateAsync);

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
            Subscriptions.ForEach(subscription => subscription.Dispose());
            // Not disposed: the update loop may still read its token once more; it holds no timer or handle.
            stopping.Cancel();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A live readings view failed to update")]
    private partial void LogUpdateFailed(Exception exception);
}
