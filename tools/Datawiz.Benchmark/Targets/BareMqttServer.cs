using System.Net;
using MQTTnet.Server;

namespace Datawiz.Benchmark.Targets;

/// <summary>
/// The baseline: MQTTnet's own server with default options, accepting everyone and storing nothing. It runs as a
/// child process (<c>serve-bare</c>) so that it is measured like the app.
/// </summary>
public static class BareMqttServer
{
    public static async Task<int> ServeAsync(int port, CancellationToken cancellationToken)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        using var server = new MqttServerFactory().CreateMqttServer(options);
        await server.StartAsync();
        Console.WriteLine($"bare MQTTnet server listening on 127.0.0.1:{port}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped by the benchmark.
        }
        await server.StopAsync();
        return 0;
    }

    public static async Task<ChildProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Pick();
        var self = typeof(BareMqttServer).Assembly.Location;
        var child = ChildProcess.Start("bare", "dotnet", [self, "serve-bare", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>());
        if (!await child.WaitForPortAsync(port, TimeSpan.FromSeconds(30), cancellationToken))
        {
            await child.DisposeAsync();
            throw new BenchmarkFailedException($"The bare MQTTnet server did not listen on port {port}; see {child.LogPath}.");
        }
        BarePort = port;
        return child;
    }

    /// <summary>The port of the server <see cref="StartAsync"/> started last.</summary>
    public static int BarePort { get; private set; }
}
