using System.Collections;
using System.Collections.Concurrent;
using System.Buffers;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The Will Delay Interval of MQTT 5 (§3.1.3.2.2), which MQTTnet 5.2 ignores: a will is held back for its delay
/// (or until the session would expire, if sooner) and dropped if the client connects again with the same client
/// id in the meantime; otherwise it is published then, through the same checks as any publish.
/// </summary>
public sealed partial class WillDelay(TimeProvider clock, ILogger<WillDelay> logger)
{
    /// <summary>The session items of a will released after its delay: it is not held back again.</summary>
    private static readonly IDictionary Released = new Hashtable();

    private readonly ConcurrentDictionary<string, TimeSpan> delays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> waiting = new(StringComparer.Ordinal);
    private MqttServer? server;

    public void Attach(MqttServer mqttServer) => server = mqttServer;

    /// <summary>Called for every accepted connect: remembers its will's delay, and a returning client's held will is dropped.</summary>
    public void Connected(ValidatingConnectionEventArgs connect)
    {
        var clientId = string.IsNullOrEmpty(connect.ClientId) ? connect.AssignedClientIdentifier : connect.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            return;
        }
        if (waiting.TryRemove(clientId, out var held))
        {
            held.Cancel();
            held.Dispose();
            LogDropped(clientId);
        }
        // The session ends at the latest when it expires, and its will is published then (§3.1.2.11.2).
        var delay = Math.Min(connect.WillDelayInterval, connect.SessionExpiryInterval);
        if (connect.ProtocolVersion == MqttProtocolVersion.V500 && delay > 0)
        {
            delays[clientId] = TimeSpan.FromSeconds(delay);
        }
        else
        {
            delays.TryRemove(clientId, out _);
        }
    }

    /// <summary>True when <paramref name="publish"/> is a will to hold back; it is then not processed now.</summary>
    /// <remarks>
    /// MQTTnet marks nothing as a will; it is the one publish of a client's session dispatched without the
    /// connection's cancellation token (MqttConnectedClient passes CancellationToken.None once the connection ended).
    /// </remarks>
    public bool Postpones(InterceptingPublishEventArgs publish)
    {
        if (ReferenceEquals(publish.SessionItems, Released) || publish.CancellationToken.CanBeCanceled
            || string.IsNullOrEmpty(publish.ClientId) || !delays.TryGetValue(publish.ClientId, out var delay))
        {
            return false;
        }
        publish.ProcessPublish = false;
        var will = publish.ApplicationMessage;
        will.Payload = new ReadOnlySequence<byte>(will.Payload.ToArray());
        var cancel = new CancellationTokenSource();
        if (waiting.TryRemove(publish.ClientId, out var earlier))
        {
            earlier.Cancel();
            earlier.Dispose();
        }
        waiting[publish.ClientId] = cancel;
        _ = ReleaseAsync(will, publish.ClientId, publish.UserName, delay, cancel);
        return true;
    }

    private async Task ReleaseAsync(MqttApplicationMessage will, string clientId, string? username, TimeSpan delay, CancellationTokenSource cancel)
    {
        try
        {
            await Task.Delay(delay, clock, cancel.Token);
            if (!waiting.TryRemove(new KeyValuePair<string, CancellationTokenSource>(clientId, cancel)) || server is not { IsStarted: true })
            {
                return;
            }
            await server.InjectApplicationMessage(
                new InjectedMqttApplicationMessage(will) { SenderClientId = clientId, SenderUserName = username, CustomSessionItems = Released },
                CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The client came back in time: its will is dropped (logged by Connected).
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex, clientId);
        }
        finally
        {
            cancel.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} returned within its will delay: the will is dropped")]
    private partial void LogDropped(string clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the delayed will of MQTT client {ClientId} failed")]
    private partial void LogReleaseFailed(Exception exception, string clientId);
}
