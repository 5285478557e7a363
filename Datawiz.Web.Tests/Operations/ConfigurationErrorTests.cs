using System.Diagnostics;

namespace Datawiz.Web.Tests.Operations;

/// <summary>Runs the real program with bad configuration and reads what an operator would see.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_one_clear_line()
    {
        var (exitCode, errors) = await RunPortalAsync(new() { ["Database__Provider"] = "Oracle" });

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Datawiz cannot start: Database:Provider is 'Oracle', which Datawiz does not know. Use 'Sqlite' or 'Postgres'.",
            Assert.Single(errors));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_with_one_clear_line()
    {
        var (exitCode, errors) = await RunPortalAsync(new() { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Datawiz"] = "" });

        Assert.Equal(1, exitCode);
        Assert.StartsWith("Datawiz cannot start: Database:Provider is 'Postgres' but ConnectionStrings:Datawiz is empty.", Assert.Single(errors));
    }

    private static async Task<(int ExitCode, string[] ErrorLines)> RunPortalAsync(Dictionary<string, string> environment)
    {
        var program = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await output;
        return (process.ExitCode, (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
