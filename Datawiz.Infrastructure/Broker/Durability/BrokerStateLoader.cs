using Datawiz.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker.Durability;

/// <summary>
/// Puts the stored retained messages and sessions back into the broker once the database is ready, then expires
/// sessions every second. Until it has loaded, CONNECTs are refused (Server unavailable) and /readyz says not
/// ready, so that no client sees a broker without its retained messages or resumes a session it cannot find.
/// </summary>
public sealed partial class BrokerStateLoader(
    MqttServer server, DatabaseReadiness readiness, RetainedMessageStore retained, PersistentSessions sessions, TimeProvider clock,
    ILogger<BrokerStateLoader> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
            using var timer = new PeriodicTimer(Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sessions.ExpireAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogExpiryFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task LoadAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (readiness.IsReady && server.IsStarted)
            {
                try
                {
                    var messages = await retained.LoadAsync(stoppingToken);
                    foreach (var message in messages)
                    {
                        await server.UpdateRetainedMessageAsync(message);
                    }
                    await sessions.LoadAsync(stoppingToken);
                    LogLoaded(messages.Count);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogLoadFailed(ex, attempt);
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * attempt, 2000)), clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker state loaded: {Count} retained messages")]
    private partial void LogLoaded(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker state could not be loaded (attempt {Attempt}); trying again")]
    private partial void LogLoadFailed(Exception exception, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring MQTT sessions failed")]
    private partial void LogExpiryFailed(Exception exception);
}
