using System.Threading.Channels;
using Datawiz.Domain.Telemetry;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>One parsed message waiting for its commit; its sender awaits <see cref="Completion"/>.</summary>
public sealed class QueuedMessage(Guid sensorId, ParsedPayload payload)
{
    public Guid SensorId { get; } = sensorId;

    public ParsedPayload Payload { get; } = payload;

    // Asynchronous continuations: the writer must not run every sender's rest of work on its own thread.
    public TaskCompletionSource<IngestionResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// The bounded channel between ingestion and the batch writer, and whether the writer can store at all: while
/// the database is unreachable or the app is stopping, messages are refused at once instead of waiting.
/// </summary>
public sealed class TelemetryInbox
{
    private readonly Channel<QueuedMessage> channel;
    private volatile bool databaseUnreachable;

    public TelemetryInbox(IOptions<TelemetryOptions> options, TelemetryMetrics metrics)
    {
        channel = Channel.CreateBounded<QueuedMessage>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.Value.ConcurrentCommits == 1,
        });
        metrics.ObserveQueueDepth(() => channel.Reader.Count);
    }

    public ChannelReader<QueuedMessage> Reader => channel.Reader;

    public bool DatabaseUnreachable
    {
        get => databaseUnreachable;
        set => databaseUnreachable = value;
    }

    /// <summary>False when the queue is full, closed, or the database is unreachable.</summary>
    public bool TryEnqueue(QueuedMessage message) => !databaseUnreachable && channel.Writer.TryWrite(message);

    /// <summary>Takes no more messages (shutdown); those already queued are still written.</summary>
    public void Close() => channel.Writer.TryComplete();
}
