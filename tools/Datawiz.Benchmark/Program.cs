using System.CommandLine;
using Datawiz.Benchmark.Targets;

namespace Datawiz.Benchmark;

// An explicit class in a namespace, like the simulator's, so nothing clashes with the portal's global Program.
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var scenarios = new Option<Scenario[]>("--scenario")
        {
            Description = "Scenarios to run (repeatable): datawiz, bare, mosquitto, copy, latency, memory, history. Default: all.",
            AllowMultipleArgumentsPerToken = true,
        };
        var duration = new Option<double>("--duration") { Description = "Seconds of load per throughput scenario (issue 7: 20).", DefaultValueFactory = _ => 20 };
        var clients = new Option<int>("--clients") { Description = "Publishing sensors in the throughput scenarios.", DefaultValueFactory = _ => 100 };
        var window = new Option<int>("--window") { Description = "QoS 1 publishes each client keeps in flight.", DefaultValueFactory = _ => 10 };
        var latencyRate = new Option<int>("--latency-rate") { Description = "Messages per second in the latency scenario.", DefaultValueFactory = _ => 2000 };
        var latencyDuration = new Option<double>("--latency-duration") { Description = "Seconds of the latency scenario.", DefaultValueFactory = _ => 10 };
        var memorySensors = new Option<int>("--memory-sensors") { Description = "Connected sensors in the memory scenario.", DefaultValueFactory = _ => 10_000 };
        var memoryPeriod = new Option<double>("--memory-period") { Description = "Seconds between two messages of one sensor in the memory scenario.", DefaultValueFactory = _ => 10 };
        var memoryDuration = new Option<double>("--memory-duration") { Description = "Seconds the sensors stay connected in the memory scenario.", DefaultValueFactory = _ => 60 };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL server (a role that may create databases); default DATAWIZ_TEST_POSTGRES or the test role on 127.0.0.1.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DATAWIZ_TEST_POSTGRES") is { Length: > 0 } value
                ? value
                : "Host=127.0.0.1;Port=5432;Username=datawiz_test;Password=datawiz_test",
        };
        var latencyLog = new Option<DirectoryInfo>("--latency-log")
        {
            Description = "Folder to write each timed message's send time and latency to (latency-<target>.csv), to see when stalls happen.",
        };
        var historySensors = new Option<int>("--history-sensors") { Description = "Sensors with a reading a minute in the history scenario (issue 8: 100).", DefaultValueFactory = _ => 100 };
        var historyDays = new Option<int>("--history-days") { Description = "Days of readings in the history scenario (issue 8: 365).", DefaultValueFactory = _ => 365 };
        var app = new Option<FileInfo>("--app") { Description = "The built portal (default: Datawiz.Web/bin/Release/net10.0/Datawiz.Web.dll of this repository)." };

        var root = new RootCommand(
            "Datawiz benchmark (issues 7 and 8): QoS 1 throughput of Datawiz on PostgreSQL against a bare MQTTnet server and Mosquitto, raw binary COPY, " +
            "publish-to-subscriber latency, the memory of 10,000 connected sensors, and history queries and export over a year of readings. Run it through tools/benchmark.sh.")
        {
            scenarios, duration, clients, window, latencyRate, latencyDuration, memorySensors, memoryPeriod, memoryDuration, postgres, app, latencyLog,
            historySensors, historyDays,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(scenarios) is { Length: > 0 } list ? list.ToHashSet() : Enum.GetValues<Scenario>().ToHashSet();
            var problems = new List<string>();
            if (parse.GetValue(duration) <= 0 || parse.GetValue(latencyDuration) <= 0 || parse.GetValue(memoryDuration) <= 0 || parse.GetValue(memoryPeriod) <= 0)
            {
                problems.Add("Durations and periods must be positive numbers of seconds.");
            }
            if (parse.GetValue(clients) < 1 || parse.GetValue(window) < 1 || parse.GetValue(latencyRate) < 1 || parse.GetValue(memorySensors) < 1)
            {
                problems.Add("--clients, --window, --latency-rate and --memory-sensors must be at least 1.");
            }
            if (parse.GetValue(historySensors) < 6 || parse.GetValue(historyDays) is < 31 or > 1999)
            {
                problems.Add("--history-sensors must be at least 6 (five are timed, one exported) and --history-days between 31 and 1999.");
            }
            if (problems.Count > 0)
            {
                problems.ForEach(Console.Error.WriteLine);
                return 2;
            }
            var settings = new BenchmarkSettings(
                chosen,
                TimeSpan.FromSeconds(parse.GetValue(duration)),
                parse.GetValue(clients),
                parse.GetValue(window),
                parse.GetValue(latencyRate),
                TimeSpan.FromSeconds(parse.GetValue(latencyDuration)),
                parse.GetValue(memorySensors),
                TimeSpan.FromSeconds(parse.GetValue(memoryPeriod)),
                TimeSpan.FromSeconds(parse.GetValue(memoryDuration)),
                parse.GetValue(postgres)!,
                parse.GetValue(app)?.FullName ?? DefaultAppDll(),
                parse.GetValue(latencyLog)?.FullName,
                parse.GetValue(historySensors),
                parse.GetValue(historyDays));
            return await new BenchmarkRun(settings).RunAsync(cancellationToken);
        });

        var port = new Option<int>("--port") { Description = "TCP port to listen on.", Required = true };
        var serveBare = new Command("serve-bare", "Run a bare MQTTnet server without persistence (the benchmark starts it as a child process).") { port };
        serveBare.SetAction((parse, cancellationToken) => BareMqttServer.ServeAsync(parse.GetValue(port), cancellationToken));
        root.Add(serveBare);
        return await root.Parse(args).InvokeAsync();
    }

    private static string DefaultAppDll()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Datawiz.sln")))
            {
                return Path.Combine(folder.FullName, "Datawiz.Web", "bin", "Release", "net10.0", "Datawiz.Web.dll");
            }
        }
        return Path.GetFullPath("Datawiz.Web/bin/Release/net10.0/Datawiz.Web.dll");
    }
}
