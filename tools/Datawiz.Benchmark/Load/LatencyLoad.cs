using System.Collections.Concurrent;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace Datawiz.Benchmark.Load;

public sealed record LatencyResult(int Sent, int Received, double P50Milliseconds, double P99Milliseconds, IReadOnlyList<LatencySample> Samples);

/// <param name="SentSeconds">When the message was due, counted from the first timed message.</param>
public readonly record struct LatencySample(double SentSeconds, double Milliseconds);

/// <summary>
/// Publish-to-subscriber latency at a fixed rate: every sensor also has a subscriber on its own topic (a
/// sensor may read its own topic, so this needs no extra rights), and each message carries a sequence number
/// that the subscriber matches to its send time.
/// </summary>
public static class LatencyLoad
{
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static async Task<LatencyResult> RunAsync(BrokerTarget target, int messagesPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var sentAt = new ConcurrentDictionary<long, long>();
        // The first WarmUp of the messages are sent but not timed, for both targets: a .NET process compiles its hot
        // paths again with optimisations during its first seconds under load, which is not its steady state
        // (10 s rather than 3 s: stalls of a few hundred milliseconds came in the seconds after the 3rd; some remain).
        var warmUp = (int)(messagesPerSecond * WarmUp.TotalSeconds);
        var samples = new ConcurrentBag<LatencySample>();
        var subscribers = await MqttConnections.OpenAsync(target.Port, target.Clients, parallel: 20, cancellationToken, "-sub");
        var publishers = new List<IMqttClient>();
        try
        {
            for (var i = 0; i < subscribers.Count; i++)
            {
                subscribers[i].ApplicationMessageReceivedAsync += e =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (Payload.SequenceOf(e.ApplicationMessage.Payload.FirstSpan) is { } sequence && sentAt.TryRemove(sequence, out var at))
                    {
                        samples.Add(new LatencySample((double)(sequence - warmUp) / messagesPerSecond, Stopwatch.GetElapsedTime(at, now).TotalMilliseconds));
                    }
                    return Task.CompletedTask;
                };
                var subscribed = await subscribers[i].SubscribeAsync(
                    new MqttClientSubscribeOptionsBuilder().WithTopicFilter(target.Clients[i].Topic, MqttQualityOfServiceLevel.AtMostOnce).Build(),
                    cancellationToken);
                if (subscribed.Items.Any(item => (int)item.ResultCode >= 0x80))
                {
                    throw new BenchmarkFailedException($"{target.Name} refused the subscription to {target.Clients[i].Topic}: {subscribed.Items.First().ResultCode}");
                }
            }
            publishers = await MqttConnections.OpenAsync(target.Port, target.Clients, parallel: 20, cancellationToken);

            // One clock ticks for all publishers: message n is due at n / rate, spread round-robin over the sensors.
            var total = warmUp + (int)(messagesPerSecond * duration.TotalSeconds);
            var watch = Stopwatch.StartNew();
            var inFlight = new List<Task>(total);
            for (var n = 0; n < total; n++)
            {
                var due = TimeSpan.FromSeconds((double)n / messagesPerSecond);
                if (due > watch.Elapsed)
                {
                    await Task.Delay(due - watch.Elapsed, cancellationToken);
                }
                var client = n % publishers.Count;
                var message = new MqttApplicationMessageBuilder()
                    .WithTopic(target.Clients[client].Topic)
                    .WithPayload(Payload.Numbered(n))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build();
                if (n >= warmUp)
                {
                    sentAt[n] = Stopwatch.GetTimestamp();
                }
                inFlight.Add(publishers[client].PublishAsync(message, cancellationToken));
            }
            await Task.WhenAll(inFlight);
            var waitUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
            while (!sentAt.IsEmpty && Stopwatch.GetTimestamp() < waitUntil)
            {
                await Task.Delay(50, cancellationToken);
            }
            var timed = samples.OrderBy(sample => sample.SentSeconds).ToArray();
            var sorted = timed.Select(sample => sample.Milliseconds).Order().ToArray();
            if (sorted.Length == 0)
            {
                throw new BenchmarkFailedException($"No message published to {target.Name} reached its subscriber.");
            }
            return new LatencyResult(total - warmUp, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), timed);
        }
        finally
        {
            await MqttConnections.CloseAsync(publishers.Concat(subscribers));
        }
    }

    private static double Percentile(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
