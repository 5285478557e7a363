using System.Collections;
using System.Threading.Channels;
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
public sealed partial class CommittedDelivery(ILogger<CommittedDelivery> logger) : BackgroundService
{
    /// <summary>The session items of every message this class injects: the publish interceptor lets them through.</summary>
    public static readonly IDictionary Items = new Hashtable();

    private readonly Channel<Waiting> waiting = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private MqttServer? server;

    public void Attach(MqttServer mqttServer) => server = mqttServer;

    /// <summary>Delivers <paramref name="message"/> once <paramref name="commit"/> says it was stored or is valid non-telemetry.</summary>
    public void After(Task<IngestionResult> commit, MqttApplicationMessage message, string clientId, string? username) =>
        waiting.Writer.TryWrite(new Waiting(commit, message, clientId, username));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stopped by the token: what is committed before the broker stops is still delivered.
        await foreach (var next in waiting.Reader.ReadAllAsync(CancellationToken.None))
        {
            var result = await next.Commit;
            if (result.Status is not (IngestionStatus.Stored or IngestionStatus.Rejected) || server is not { IsStarted: true })
            {
                continue;
            }
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
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private sealed record Waiting(Task<IngestionResult> Commit, MqttApplicationMessage Message, string ClientId, string? Username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering a stored message on {Topic} to its subscribers failed")]
    private partial void LogDeliveryFailed(Exception exception, string topic);
}
