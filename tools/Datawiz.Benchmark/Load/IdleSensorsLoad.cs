using MQTTnet;
using MQTTnet.Protocol;

namespace Datawiz.Benchmark.Load;

public sealed record IdleSensorsResult(int Connected, long Published, long Failed);

/// <summary>Many sensors connected at once, each publishing once per period, spread evenly over the period.</summary>
public static class IdleSensorsLoad
{
    public static async Task<IdleSensorsResult> RunAsync(BrokerTarget target, TimeSpan period, TimeSpan duration, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"connecting {target.Clients.Count} sensors…");
        var clients = await MqttConnections.OpenAsync(target.Port, target.Clients, parallel: 100, cancellationToken);
        progress($"{clients.Count} sensors connected; each publishes every {period.TotalSeconds:0} s for {duration.TotalSeconds:0} s");
        long published = 0;
        long failed = 0;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stop.CancelAfter(duration);
            var loops = clients.Select(async (client, i) =>
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(target.Clients[i].Topic)
                    .WithPayload(Payload.Thesis)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                try
                {
                    await Task.Delay(period * i / clients.Count, stop.Token);
                    while (!stop.IsCancellationRequested)
                    {
                        var result = await client.PublishAsync(message, stop.Token);
                        Interlocked.Increment(ref result.IsSuccess ? ref published : ref failed);
                        await Task.Delay(period, stop.Token);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException && stop.IsCancellationRequested)
                {
                    // The run is over.
                }
            }).ToList();
            await Task.WhenAll(loops);
            return new IdleSensorsResult(clients.Count(c => c.IsConnected), published, failed);
        }
        finally
        {
            await MqttConnections.CloseAsync(clients);
        }
    }
}
