using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// The real program in a process of its own, in the Production environment and configured by environment
/// variables, as an operator runs it: what it serves and what it prints are what an operator would see.
/// Its SQLite database lives in a temporary folder removed on disposal.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string dataFolder;
    private readonly ConcurrentQueue<string> errorLines = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task outputRead;
    private readonly Task errorRead;

    private PortalProcess(IReadOnlyDictionary<string, string> environment)
    {
        dataFolder = Path.Combine(Path.GetTempPath(), "datawiz-tests", $"process-{Guid.NewGuid():N}");
        var program = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [program])
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

        process = Process.Start(start)!;
        outputRead = ReadOutputAsync();
        errorRead = ReadErrorsAsync();
    }

    /// <summary>Where the server listens, once it says so.</summary>
    public Task<Uri> Address => listening.Task;

    /// <summary>Starts the program and waits until it listens and its database is ready.</summary>
    public static async Task<PortalProcess> StartAsync(Dictionary<string, string>? environment = null)
    {
        var portal = new PortalProcess(environment ?? new Dictionary<string, string>());
        try
        {
            var address = await portal.Address.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            using var client = new HttpClient { BaseAddress = address };
            await Poll.UntilAsync(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the portal process to become ready");
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
        await portal.process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(portal.outputRead, portal.errorRead);
        return (portal.process.ExitCode, [.. portal.errorLines]);
    }

    private async Task ReadOutputAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
        listening.TrySetException(new InvalidOperationException($"The portal exited without listening: {string.Join(" ", errorLines)}"));
    }

    private async Task ReadErrorsAsync()
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                errorLines.Enqueue(line.Trim());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        await Task.WhenAll(outputRead, errorRead);
        process.Dispose();
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    // The host's "Now listening on" line, in the JSON console format that Production uses.
    [GeneratedRegex(@"Now listening on: (http://[^""\s]+)")]
    private static partial Regex ListeningLine();
}
