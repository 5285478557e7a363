using System.Globalization;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Benchmark.Targets;

/// <summary>
/// The built portal (Datawiz.Web.dll) as a child process on its own fresh PostgreSQL database, with the MQTT
/// port free, and sensors for it written straight into its tables (one shared password hash, so setting up
/// 10,000 sensors takes seconds rather than 10,000 key derivations).
/// </summary>
public sealed class DatawizProcess : IAsyncDisposable
{
    private const string Email = "benchmark@datawiz.test";

    private DatawizProcess(ChildProcess process, int webPort, int mqttPort)
    {
        Process = process;
        WebPort = webPort;
        MqttPort = mqttPort;
    }

    public int WebPort { get; }

    public ChildProcess Process { get; }

    public int MqttPort { get; }

    public static async Task<(DatawizProcess App, IReadOnlyList<BenchClient> Sensors)> StartAsync(
        string appDll, string connectionString, int sensorCount, Action<string> progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(appDll))
        {
            throw new BenchmarkFailedException($"{appDll} does not exist; build it with: dotnet build Datawiz.sln -c Release (or pass --app).");
        }
        var webPort = FreePort.Pick();
        var mqttPort = FreePort.Pick();
        var adminPassword = "Bench-" + Guid.NewGuid().ToString("N");
        var child = ChildProcess.Start("datawiz", "dotnet", [appDll, "--contentRoot", Path.GetDirectoryName(appDll)!], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{webPort}",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Datawiz"] = connectionString,
            ["Mqtt__Enabled"] = "true",
            ["Mqtt__TcpPort"] = mqttPort.ToString(CultureInfo.InvariantCulture),
            ["Accounts__Admin__Email"] = Email,
            ["Accounts__Admin__Password"] = adminPassword,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        var app = new DatawizProcess(child, webPort, mqttPort);
        try
        {
            progress($"starting Datawiz (web port {webPort}, MQTT port {mqttPort}); log in {child.LogPath}");
            await WaitForReadyAsync(child, webPort, cancellationToken);
            var sensors = await SeedAsync(connectionString, sensorCount, progress, cancellationToken);
            if (!await child.WaitForPortAsync(mqttPort, TimeSpan.FromSeconds(20), cancellationToken))
            {
                throw new BenchmarkFailedException(
                    $"Datawiz is up but does not accept MQTT on port {mqttPort} (Mqtt:TcpPort): this build has no embedded broker yet, " +
                    $"or it failed to start; see {child.LogPath}.");
            }
            return (app, sensors);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitForReadyAsync(ChildProcess child, int webPort, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline && !child.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("readyz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy migrating.
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new BenchmarkFailedException($"Datawiz did not become ready (/readyz){(child.HasExited ? "; it exited" : "")}; see {child.LogPath}.");
    }

    /// <summary>A class without practical limits (the benchmark must not hit the message rate), a DHT11 type and the sensors.</summary>
    private static async Task<IReadOnlyList<BenchClient>> SeedAsync(string connectionString, int count, Action<string> progress, CancellationToken cancellationToken)
    {
        using var host = InfrastructureHost.Build(connectionString);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == Email.ToUpperInvariant(), cancellationToken);
        while (user is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellationToken);
            user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == Email.ToUpperInvariant(), cancellationToken);
        }
        if (user is null)
        {
            throw new BenchmarkFailedException("Datawiz did not create the benchmark's administrator (Accounts:Admin:Email).");
        }

        progress($"creating {count} sensors");
        var userClass = new UserClass
        {
            Id = Guid.NewGuid(),
            Name = "Benchmark",
            MaxSensors = Math.Max(count, 100_000),
            MaxConnectedSensors = Math.Max(count, 100_000),
            MaxApplications = 1,
            CpuMillicoresPerApplication = 100,
            MemoryMiBPerApplication = 128,
            RetentionDays = 365,
            MaxMessagesPerMinute = int.MaxValue / 2,
        };
        db.UserClasses.Add(userClass);
        user.UserClassId = userClass.Id;
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Name = "Benchmark DHT11",
            Hardware = "ESP8266 + DHT11",
            Fields = [new MeasuredField { Key = "temperature", Label = "Temperature", Unit = "°C" }, new MeasuredField { Key = "humidity", Label = "Humidity", Unit = "%" }],
            Review = new Domain.Reviews.ReviewState { Status = ReviewStatus.Approved },
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.SensorTypes.Add(type);
        var password = SensorCredentials.NewPassword();
        var hash = SensorCredentials.Hash(password);
        var clients = new List<BenchClient>(count);
        for (var i = 0; i < count; i++)
        {
            var username = SensorCredentials.NewUsername();
            var topic = TopicScheme.SensorPrefix(user.Id, username);
            db.Sensors.Add(new Sensor
            {
                Id = Guid.NewGuid(),
                OwnerId = user.Id,
                SensorTypeId = type.Id,
                Name = $"Bench {i + 1:00000}",
                MqttUsername = username,
                MqttPasswordHash = hash,
                TopicPrefix = topic,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            clients.Add(new BenchClient(username, password, topic));
        }
        await db.SaveChangesAsync(cancellationToken);
        return clients;
    }

    /// <summary>The app's own figures from <c>/metrics</c>, by series (name with labels) without histogram buckets.</summary>
    public async Task<IReadOnlyDictionary<string, double>> MetricsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}") };
        var text = await http.GetStringAsync("/metrics", cancellationToken);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.StartsWith('#') || space <= 0 || line.Contains("_bucket", StringComparison.Ordinal))
            {
                continue;
            }
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..space]] = value;
            }
        }
        return values;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
