using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// The real program in a process of its own, in the Production environment and configured by environment
/// variables, as an operator runs it: what it serves and what it prints are what an operator would see.
/// Its SQLite database lives in a temporary folder removed on disposal, unless it is given another database
/// (<see cref="OnDatabaseOf"/>). It can be killed as a crash would end it and started again on the same data.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo start;
    private readonly string dataFolder;
    private Run run;

    private PortalProcess(IReadOnlyDictionary<string, string> environment)
    {
        dataFolder = Path.Combine(Path.GetTempPath(), "datawiz-tests", $"process-{Guid.NewGuid():N}");
        var program = typeof(Program).Assembly.Location;
        start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Mqtt__TcpPort"] = "0";
        start.Environment["Database__SqlitePath"] = Path.Combine(dataFolder, "datawiz.db");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        run = new Run(start);
    }

    /// <summary>Where the server listens, once it says so.</summary>
    public Task<Uri> Address => run.Address;

    /// <summary>The port MQTT over TCP listens on, once the program logs it (it is configured to pick a free one).</summary>
    public Task<int> MqttPort => run.MqttPort;

    /// <summary>Environment that puts the program on <paramref name="app"/>'s database, which the app has migrated and filled.</summary>
    public static Dictionary<string, string> OnDatabaseOf(DatawizApp app) => new()
    {
        ["Database__Provider"] = app.Provider.ToString(),
        ["ConnectionStrings__Datawiz"] = app.ConnectionString,
    };

    /// <summary>Starts the program and waits until it listens and its database is ready.</summary>
    public static async Task<PortalProcess> StartAsync(Dictionary<string, string>? environment = null)
    {
        var portal = new PortalProcess(environment ?? new Dictionary<string, string>());
        try
        {
            await portal.WaitUntilReadyAsync();
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the program until it exits by itself (as it does on bad configuration) and returns what it printed on standard error.</summary>
    public static async Task<(int ExitCode, string[] ErrorLines)> RunToExitAsync(Dictionary<string, string> environment)
    {
        await using var portal = new PortalProcess(environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await portal.run.ExitCodeAsync(timeout.Token);
        return (exitCode, [.. portal.run.ErrorLines]);
    }

    /// <summary>
    /// Ends the program with SIGKILL (what <see cref="Process.Kill(bool)"/> sends on Linux), as a crash or the
    /// out-of-memory killer would: none of its shutdown runs, nothing queued in its memory is written.
    /// </summary>
    public Task KillAsync() => run.KillAsync();

    /// <summary>Starts the program again after it ended, with the same settings on the same data, and waits until it is ready.</summary>
    public async Task StartAgainAsync()
    {
        if (!run.HasExited)
        {
            throw new InvalidOperationException("The portal process is still running.");
        }
        await run.DisposeAsync();
        run = new Run(start);
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var address = await Address.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = address };
        await Poll.UntilAsync(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the portal process to become ready");
    }

    public async ValueTask DisposeAsync()
    {
        await run.DisposeAsync();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    /// <summary>One run of the program, from its start to its exit, and what it printed meanwhile.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly Process process;
        private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<int> mqttListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task outputRead;
        private readonly Task errorRead;

        public Run(ProcessStartInfo start)
        {
            process = Process.Start(start)!;
            outputRead = ReadOutputAsync();
            errorRead = ReadErrorsAsync();
        }

        public Task<Uri> Address => listening.Task;

        public Task<int> MqttPort => mqttListening.Task;

        public ConcurrentQueue<string> ErrorLines { get; } = new();

        public bool HasExited => process.HasExited;

        public async Task<int> ExitCodeAsync(CancellationToken cancellationToken)
        {
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(outputRead, errorRead);
            return process.ExitCode;
        }

        public async Task KillAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
            await Task.WhenAll(outputRead, errorRead);
        }

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            process.Dispose();
        }

        private async Task ReadOutputAsync()
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } web)
                {
                    listening.TrySetResult(new Uri(web.Groups[1].Value));
                }
                else if (MqttListeningLine().Match(line) is { Success: true } mqtt)
                {
                    mqttListening.TrySetResult(int.Parse(mqtt.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
            var exited = new InvalidOperationException($"The portal exited without listening: {string.Join(" ", ErrorLines)}");
            listening.TrySetException(exited);
            mqttListening.TrySetException(exited);
        }

        private async Task ReadErrorsAsync()
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    ErrorLines.Enqueue(line.Trim());
                }
            }
        }
    }

    // The host's "Now listening on" line, in the JSON console format that Production uses.
    [GeneratedRegex(@"Now listening on: (http://[^""\s]+)")]
    private static partial Regex ListeningLine();

    // Datawiz.Infrastructure/Broker/MqttTcpEndpoint.cs logs the port it bound, the free one when configured with 0.
    [GeneratedRegex(@"MQTT over TCP listening on port (\d+)")]
    private static partial Regex MqttListeningLine();
}
