using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.Benchmark.Load;

/// <summary>Opens many MQTT 3.1.1 connections at once, a bounded number at a time so the broker's accept queue is not the thing measured.</summary>
public static class MqttConnections
{
    public static async Task<List<IMqttClient>> OpenAsync(
        int port, IReadOnlyList<BenchClient> clients, int parallel, CancellationToken cancellationToken, string clientIdSuffix = "")
    {
        var factory = new MqttClientFactory();
        var opened = new IMqttClient[clients.Count];
        using var gate = new SemaphoreSlim(parallel);
        var failures = 0;
        string? firstFailure = null;
        await Task.WhenAll(clients.Select(async (c, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var client = factory.CreateMqttClient();
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer("127.0.0.1", port)
                    .WithCredentials(c.Username, c.Password)
                    .WithClientId(c.Username + clientIdSuffix)
                    .WithProtocolVersion(MqttProtocolVersion.V311)
                    .WithCleanSession()
                    .WithKeepAlivePeriod(TimeSpan.FromSeconds(60))
                    .WithTimeout(TimeSpan.FromSeconds(30))
                    .Build();
                try
                {
                    await client.ConnectAsync(options, cancellationToken);
                    opened[i] = client;
                }
                catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
                {
                    client.Dispose();
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, ex.Message, null);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        if (failures > 0)
        {
            await CloseAsync(opened.Where(c => c is not null));
            throw new BenchmarkFailedException($"{failures} of {clients.Count} MQTT connections to port {port} failed; the first: {firstFailure}");
        }
        return [.. opened];
    }

    public static async Task CloseAsync(IEnumerable<IMqttClient> clients)
    {
        await Task.WhenAll(clients.Select(async c =>
        {
            try
            {
                if (c.IsConnected)
                {
                    await c.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
                }
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Closing anyway.
            }
            c.Dispose();
        }));
    }
}
