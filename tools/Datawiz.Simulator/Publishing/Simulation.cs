using Datawiz.Simulator.Credentials;
using Datawiz.Simulator.Readings;

namespace Datawiz.Simulator.Publishing;

/// <param name="Interval">Time between two readings of one sensor.</param>
/// <param name="Count">Readings per sensor before the run ends (failed reads included); null runs until cancelled.</param>
/// <param name="TimeScale">How much faster than real time the daily cycle runs (1440 makes a day pass in a minute).</param>
public sealed record SimulationSettings(TimeSpan Interval, int? Count, int Seed, double FailureRate, double TimeScale);

/// <summary>
/// Runs every sensor on its own schedule, the starts spread over one interval so that the load is even
/// rather than in bursts, each sensor taking a reading and sending it through its transport.
/// </summary>
public sealed class Simulation(
    IReadOnlyList<SimulatedSensor> sensors,
    Func<SimulatedSensor, ITelemetryTransport> transports,
    SimulationSettings settings,
    TimeProvider clock)
{
    public SimulationCounters Counters { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var runs = sensors.Select((sensor, index) => RunSensorAsync(sensor, index, started, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(runs);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is how an open-ended run ends.
        }
    }

    private async Task RunSensorAsync(SimulatedSensor sensor, int index, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var dht = new Dht11Sensor(settings.Seed, index, settings.FailureRate);
        await using var transport = transports(sensor);
        var firstAt = started + (settings.Interval * index / sensors.Count);
        for (var n = 0; settings.Count is not { } count || n < count; n++)
        {
            var due = firstAt + (settings.Interval * n);
            var wait = due - clock.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
            var simulatedNow = started + ((clock.GetUtcNow() - started) * settings.TimeScale);
            var reading = dht.Read(simulatedNow.ToLocalTime());
            if (reading is null)
            {
                Counters.FailedRead();
                continue;
            }
            Counters.Count(sensor.Name, await transport.SendAsync(reading.ToJson(), cancellationToken));
        }
    }
}
