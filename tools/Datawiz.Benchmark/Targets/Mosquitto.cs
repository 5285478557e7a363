namespace Datawiz.Benchmark.Targets;

/// <summary>Debian's Mosquitto on a free port, anonymous and without persistence: the reference broker.</summary>
public static class Mosquitto
{
    public const string Binary = "/usr/sbin/mosquitto";

    public static async Task<(ChildProcess Process, int Port)> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new BenchmarkFailedException($"{Binary} is missing; install Debian's mosquitto (tools/benchmark.sh does).");
        }
        var port = FreePort.Pick();
        var config = Path.Combine(Path.GetTempPath(), $"datawiz-bench-mosquitto-{port}.conf");
        await File.WriteAllTextAsync(config, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_connections -1
            max_queued_messages 100000
            log_dest stderr
            """, cancellationToken);
        var child = ChildProcess.Start("mosquitto", Binary, ["-c", config], new Dictionary<string, string>());
        if (!await child.WaitForPortAsync(port, TimeSpan.FromSeconds(15), cancellationToken))
        {
            await child.DisposeAsync();
            throw new BenchmarkFailedException($"Mosquitto did not listen on port {port}; see {child.LogPath}.");
        }
        return (child, port);
    }
}
