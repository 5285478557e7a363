using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Datawiz.Infrastructure.Live;

/// <summary>The live feed of one process: subscriptions per key, each with a bounded buffer read by its own loop.</summary>
public sealed class InProcessLiveFeed<TKey, TMessage>(ILogger<InProcessLiveFeed<TKey, TMessage>> logger) : ILiveFeed<TKey, TMessage>
    where TKey : notnull
{
    /// <summary>Messages one subscription may fall behind before its oldest are dropped.</summary>
    public const int BufferPerSubscription = 64;

    private readonly ILogger logger = logger;
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, Subscription[]> subscriptions = [];

    public IDisposable Subscribe(TKey key, Func<TMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, key, handler);
        lock (gate)
        {
            // Copied on write, so that Publish reads a snapshot without taking the lock for long.
            subscriptions[key] = subscriptions.TryGetValue(key, out var current) ? [.. current, subscription] : [subscription];
        }
        subscription.Start();
        return subscription;
    }

    public void Publish(TKey key, TMessage message)
    {
        Subscription[]? current;
        lock (gate)
        {
            subscriptions.TryGetValue(key, out current);
        }
        foreach (var subscription in current ?? [])
        {
            subscription.Offer(message);
        }
    }

    public bool IsWatched(TKey key) => SubscriberCount(key) > 0;

    /// <summary>How many subscriptions a key has: for tests and diagnostics.</summary>
    public int SubscriberCount(TKey key)
    {
        lock (gate)
        {
            return subscriptions.TryGetValue(key, out var current) ? current.Length : 0;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (gate)
        {
            if (!subscriptions.TryGetValue(subscription.Key, out var current))
            {
                return;
            }
            var rest = current.Where(s => s != subscription).ToArray();
            if (rest.Length == 0)
            {
                subscriptions.Remove(subscription.Key);
            }
            else
            {
                subscriptions[subscription.Key] = rest;
            }
        }
    }

    private sealed class Subscription(InProcessLiveFeed<TKey, TMessage> feed, TKey key, Func<TMessage, CancellationToken, Task> handler) : IDisposable
    {
        private readonly Channel<TMessage> buffer = Channel.CreateBounded<TMessage>(new BoundedChannelOptions(BufferPerSubscription)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        private readonly CancellationTokenSource stopping = new();
        private int disposed;

        public TKey Key => key;

        public void Start() => _ = Task.Run(ReadAsync);

        public void Offer(TMessage message) => buffer.Writer.TryWrite(message);

        private async Task ReadAsync()
        {
            try
            {
                await foreach (var message in buffer.Reader.ReadAllAsync(stopping.Token))
                {
                    try
                    {
                        await handler(message, stopping.Token);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        return;
                    }
#pragma warning disable CA1031 // One subscriber's failure must neither end its subscription nor reach the publisher.
                    catch (Exception exception)
#pragma warning restore CA1031
                    {
                        feed.logger.LogError(exception, "A live subscriber of {Key} failed on a {Message}", key, typeof(TMessage).Name);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Disposed while waiting for the next message.
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }
            feed.Remove(this);
            buffer.Writer.TryComplete();
            stopping.Cancel();
            stopping.Dispose();
        }
    }
}
