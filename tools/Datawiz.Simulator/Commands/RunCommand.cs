using System.CommandLine;
using System.Globalization;
using Datawiz.Simulator.Credentials;
using Datawiz.Simulator.Publishing;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Datawiz.Simulator.Commands;

/// <summary><c>run</c>: reads the credentials CSV and publishes until stopped, or for the count or duration asked.</summary>
public static class RunCommand
{
    public static Command Build()
    {
        var csv = new Option<FileInfo>("--csv") { Description = "The credentials CSV (columns name,username,password,topic).", Required = true };
        var transport = new Option<string>("--transport") { Description = "mqtt or http.", DefaultValueFactory = _ => "mqtt" };
        transport.AcceptOnlyFromAmong("mqtt", "http");
        var host = new Option<string>("--host") { Description = "MQTT broker host.", DefaultValueFactory = _ => "localhost" };
        var port = new Option<int>("--port") { Description = "MQTT broker TCP port (the portal's Mqtt:TcpPort).", DefaultValueFactory = _ => 1883 };
        var url = new Option<Uri>("--url") { Description = "The portal's address, for --transport http.", DefaultValueFactory = _ => new Uri("http://localhost:5080/") };
        var qos = new Option<int>("--qos") { Description = "MQTT quality of service: 0, 1 or 2.", DefaultValueFactory = _ => 1 };
        qos.AcceptOnlyFromAmong("0", "1", "2");
        var version = new Option<string>("--mqtt-version") { Description = "MQTT protocol version: 3.1.1 or 5.", DefaultValueFactory = _ => "3.1.1" };
        version.AcceptOnlyFromAmong("3.1.1", "5");
        var interval = new Option<double>("--interval") { Description = "Seconds between two readings of one sensor.", DefaultValueFactory = _ => 10 };
        var count = new Option<int?>("--count") { Description = "Readings per sensor, then stop (default: run until Ctrl+C)." };
        var duration = new Option<double?>("--duration") { Description = "Seconds to run, then stop (default: until Ctrl+C)." };
        var sensors = new Option<int?>("--sensors") { Description = "Use only the first N sensors of the file." };
        var seed = new Option<int>("--seed") { Description = "Seed of the readings: the same seed gives the same readings.", DefaultValueFactory = _ => 1 };
        var failureRate = new Option<double>("--failure-rate") { Description = "Share of failed DHT11 reads, after which nothing is published.", DefaultValueFactory = _ => 0.02 };
        var timeScale = new Option<double>("--time-scale") { Description = "Run the daily cycle this many times faster than real time (1440: a day per minute).", DefaultValueFactory = _ => 1 };

        var command = new Command("run", "Publish DHT11 readings for the sensors of a credentials CSV.")
        {
            csv, transport, host, port, url, qos, version, interval, count, duration, sensors, seed, failureRate, timeScale,
        };
        // Checked in the action: a command validator sees no default values.
        List<string> Problems(ParseResult result)
        {
            var problems = new List<string>();
            if (result.GetValue(interval) is <= 0 or double.NaN)
            {
                problems.Add("--interval must be a positive number of seconds.");
            }
            if (result.GetValue(count) is <= 0)
            {
                problems.Add("--count must be at least 1.");
            }
            if (result.GetValue(duration) is <= 0)
            {
                problems.Add("--duration must be a positive number of seconds.");
            }
            if (result.GetValue(sensors) is <= 0)
            {
                problems.Add("--sensors must be at least 1.");
            }
            if (result.GetValue(failureRate) is < 0 or > 1 or double.NaN)
            {
                problems.Add("--failure-rate is a share between 0 and 1.");
            }
            if (result.GetValue(timeScale) is <= 0 or double.NaN)
            {
                problems.Add("--time-scale must be positive.");
            }
            if (result.GetValue(port) is < 1 or > 65535)
            {
                problems.Add("--port must be between 1 and 65535.");
            }
            return problems;
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (Problems(parse) is { Count: > 0 } problems)
            {
                problems.ForEach(Console.Error.WriteLine);
                return 2;
            }
            var file = parse.GetValue(csv)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"The file {file.FullName} does not exist.");
                return 2;
            }
            var read = CredentialsFileReader.Read(await File.ReadAllTextAsync(file.FullName, cancellationToken));
            if (!read.TryGetValue(out var all))
            {
                await Console.Error.WriteLineAsync($"{file.Name} cannot be used:");
                foreach (var error in read.Errors)
                {
                    await Console.Error.WriteLineAsync("  " + error);
                }
                return 2;
            }
            var chosen = all.Take(parse.GetValue(sensors) ?? all.Count).ToList();
            var settings = new SimulationSettings(
                TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(count), parse.GetValue(seed),
                parse.GetValue(failureRate), parse.GetValue(timeScale));

            using var http = new HttpClient { BaseAddress = parse.GetValue(url), Timeout = TimeSpan.FromSeconds(10) };
            var clock = TimeProvider.System;
            var random = new Random(settings.Seed);
            Func<SimulatedSensor, ITelemetryTransport> transports = parse.GetValue(transport) == "http"
                ? sensor => new HttpTransport(sensor, http, clock)
                : sensor => new MqttTransport(sensor,
                    new MqttEndpoint(parse.GetValue(host)!, parse.GetValue(port), (MqttQualityOfServiceLevel)parse.GetValue(qos),
                        parse.GetValue(version) == "5" ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311),
                    new Backoff(clock, random));
            var simulation = new Simulation(chosen, transports, settings, clock);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(duration) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            var target = parse.GetValue(transport) == "http" ? parse.GetValue(url)!.ToString() : $"{parse.GetValue(host)}:{parse.GetValue(port)}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Simulating {chosen.Count} sensors, one reading every {settings.Interval.TotalSeconds} s each, to {target} over {parse.GetValue(transport)}. Ctrl+C stops."));
            var run = simulation.RunAsync(stop.Token);
            while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None)) != run)
            {
                Console.WriteLine(simulation.Counters.Summary());
            }
            await run;
            Console.WriteLine("Done: " + simulation.Counters.Summary());
            foreach (var (sensor, problem) in simulation.Counters.LastProblems.Take(10))
            {
                Console.WriteLine($"  {sensor}: last problem {problem}");
            }
            return simulation.Counters.Accepted > 0 || chosen.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
