using System.Collections;
using System.Threading.Channels;
using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Hands sensors' messages to their subscribers once their readings are committed (or, for what is not telemetry,
/// once it was counted), in the order the sensors sent them: subscribers never see a reading the database does
/// not hold, and a message that could not be stored is delivered to no one.
/// </summary>
public sealed partial class CommittedDelivery(RetainedMessageStore retained, ILogger<CommittedDelivery> logger) : BackgroundService
{
    /// <summary>The session items of every message this class injects: the publish interceptor lets them through.</summary>
    public static readonly IDictionary Items = new Hashtable();

    private readonly Channel<Waiting> waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private MqttServer? server;

    public void Attach(MqttServer mqttServer) => server = mqttServer;

    /// <summary>
    /// Delivers <paramref name="message"/> once <paramref name="commit"/> says it was stored or is valid non-telemetry.
    /// Returns when its publisher may be acknowledged: after the commit and the delivery (which queued it for absent
    /// persistent sessions, whose writing <see cref="AcknowledgementGate"/> waits for next), and for a retained
    /// message after it was saved as its topic's retained message too (saved here, in the order the messages came,
    /// so the newest wins).
    /// </summary>
    public Task<IngestionResult> After(Task<IngestionResult> commit, MqttApplicationMessage message, string clientId, string? username)
    {
        var next = new Waiting(commit, message, clientId, username, new TaskCompletionSource<IngestionResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        // Once stopping, nothing more is delivered: the publisher hears how its commit went.
        return waiting.Writer.TryWrite(next) ? next.Settled.Task : commit;
    }

    /// <summary>What a publisher is told once <paramref name="saved"/> says whether its retained message is in the database.</summary>
    public static async Task<IngestionResult> Settled(Task<bool> saved, IngestionResult otherwise) =>
        await saved ? otherwise : new IngestionResult(IngestionStatus.Unavailable, "The retained message cannot be stored right now; publish it again later.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stopped by the token: what is committed before the broker stops is still delivered.
        await foreach (var next in waiting.Reader.ReadAllAsync(CancellationToken.None))
        {
            var result = await next.Commit;
            var valid = result.Status is IngestionStatus.Stored or IngestionStatus.Rejected;
            // Started before the delivery, in the order the messages came, so that the newest retained message wins.
            var saved = valid && next.Message.Retain ? Settled(retained.SaveAsync(next.Message), result) : null;
            if (valid && server is { IsStarted: true })
            {
                try
                {
                    await server.InjectApplicationMessage(
                        new InjectedMqttApplicationMessage(next.Message) { SenderClientId = next.ClientId, SenderUserName = next.Username, CustomSessionItems = Items },
                        CancellationToken.None);
                }
                catch (Exception ex)
                {
                    LogDeliveryFailed(ex, next.Message.Topic);
                }
            }
            if (saved is null)
            {
                next.Settled.TrySetResult(result);
            }
            else
            {
                _ = CompleteAsync(next.Settled, saved);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private static async Task CompleteAsync(TaskCompletionSource<IngestionResult> settled, Task<IngestionResult> outcome) =>
        settled.TrySetResult(await outcome);

    private sealed record Waiting(
        Task<IngestionResult> Commit, MqttApplicationMessage Message, string ClientId, string? Username, TaskCompletionSource<IngestionResult> Settled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering a stored message on {Topic} to its subscribers failed")]
    private partial void LogDeliveryFailed(Exception exception, string topic);
}
