using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace Datawiz.Benchmark.Load;

public sealed record ThroughputResult(long Acknowledged, long Refused, TimeSpan Elapsed, string? FirstRefusal)
{
    public double PerSecond => Acknowledged / Elapsed.TotalSeconds;
}

/// <summary>
/// Every client publishes the thesis payload at QoS 1 as fast as its broker acknowledges, keeping
/// <c>window</c> publishes in flight (pipelined, as a device with a send buffer does), for the given time.
/// </summary>
public static class ThroughputLoad
{
    public static async Task<ThroughputResult> RunAsync(BrokerTarget target, TimeSpan duration, int window, CancellationToken cancellationToken)
    {
        var clients = await MqttConnections.OpenAsync(target.Port, target.Clients, parallel: 50, cancellationToken);
        long acknowledged = 0;
        long refused = 0;
        string? firstRefusal = null;
        var watch = Stopwatch.StartNew();
        try
        {
            var deadline = watch.Elapsed + duration;
            var loops = clients.SelectMany((client, i) => Enumerable.Range(0, window).Select(async _ =>
            {
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(target.Clients[i].Topic)
                    .WithPayload(Payload.Thesis)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                while (watch.Elapsed < deadline && !cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        var result = await client.PublishAsync(message, cancellationToken);
                        if (result.IsSuccess)
                        {
                            Interlocked.Increment(ref acknowledged);
                            continue;
                        }
                        Interlocked.CompareExchange(ref firstRefusal, $"{result.ReasonCode} {result.ReasonString}", null);
                    }
                    catch (MQTTnet.Exceptions.MqttCommunicationException ex)
                    {
                        Interlocked.CompareExchange(ref firstRefusal, ex.Message, null);
                        if (!client.IsConnected)
                        {
                            Interlocked.Increment(ref refused);
                            return;
                        }
                    }
                    Interlocked.Increment(ref refused);
                }
            })).ToList();
            await Task.WhenAll(loops);
            return new ThroughputResult(Interlocked.Read(ref acknowledged), Interlocked.Read(ref refused), watch.Elapsed, firstRefusal);
        }
        finally
        {
            await MqttConnections.CloseAsync(clients);
        }
    }
}
