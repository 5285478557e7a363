using Datawiz.Infrastructure.Broker;
using Datawiz.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// The whole portal on a real Kestrel port with a database of its own. Settings are fixed before the
/// app starts (<see cref="Settings"/>); the database is created by the app's own migrations and removed
/// on disposal unless <see cref="KeepDatabase"/> is set (to start a second app on it, as after a restart).
/// </summary>
public abstract class DatawizApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@datawiz.test";
    // Not "admin-password-1": a password that contains the email's local part (admin@…) is refused.
    public const string AdminPassword = "quiet-lantern-41";

    protected DatawizApp()
    {
        UseKestrel(0);
    }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Where this app keeps its data: a connection string for <see cref="DatabaseSettings"/>.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Configuration the app starts with; tests may change it before <see cref="InitializeAsync"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Accounts:Admin:Email"] = AdminEmail,
        ["Accounts:Admin:Password"] = AdminPassword,
        ["Accounts:RevalidationInterval"] = "00:00:00",
        ["RateLimiting:AccountPostsPerMinute"] = "100000",
        // A free port each: tests run side by side, and 1883 may be taken.
        ["Mqtt:TcpPort"] = "0",
        // Tests refuse many wrong passwords from 127.0.0.1 on purpose; only the throttle's own tests lower this.
        ["Mqtt:FailedConnectsBeforeDelay"] = "1000",
    };

    public bool KeepDatabase { get; set; }

    /// <summary>The app's <see cref="TimeProvider"/>: tests move it ahead instead of waiting.</summary>
    public TestClock Clock { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The port the broker's MQTT-over-TCP listener bound (0 when the broker is off).</summary>
    public int MqttPort => Services.GetService<MqttTcpEndpoint>()?.Port ?? 0;

    public static DatawizApp Create(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => new PostgresApp(),
        _ => new SqliteApp(),
    };

    /// <summary>An app with no configured administrator, on an empty database: the state of a fresh installation.</summary>
    public DatawizApp WithoutConfiguredAdmin()
    {
        Settings["Accounts:Admin:Email"] = "";
        Settings["Accounts:Admin:Password"] = "";
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not the 30 s default: on a loaded CI machine the telemetry writer's drain and the open connections can
        // need longer, and a hosted service that gives up on the cancelled token fails the class's cleanup. Stopping
        // cleanly is still required; an app that hangs on stop fails here after two minutes.
        builder.UseShutdownTimeout(TimeSpan.FromMinutes(2));
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Datawiz", ConnectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public ValueTask InitializeAsync() => StartAsync(waitUntilReady: true);

    /// <summary>Starts the server; unless told otherwise, waits until the database is migrated.</summary>
    public async ValueTask StartAsync(bool waitUntilReady)
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        BaseAddress = new Uri(addresses.Addresses.First());
        if (waitUntilReady)
        {
            await WaitUntilReadyAsync();
        }
    }

    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        await Poll.UntilAsync(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "the app to become ready");
    }

    /// <summary>A second app on this app's database, as after a restart; this app then keeps its database.</summary>
    public DatawizApp CreateRestartedApp()
    {
        KeepDatabase = true;
        return CreateOnSameDatabase();
    }

    protected abstract DatawizApp CreateOnSameDatabase();

    /// <summary>A client with its own cookies that does not follow redirects, so tests can see them.</summary>
    public PortalClient CreatePortalClient() => new(BaseAddress);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!KeepDatabase)
        {
            await DeleteDatabaseAsync();
        }
        GC.SuppressFinalize(this);
    }

    protected abstract Task DeleteDatabaseAsync();
}

public sealed class SqliteApp : DatawizApp
{
    public SqliteApp()
        : this(null)
    {
    }

    // Not public: xunit builds class fixtures through their one public constructor.
    internal SqliteApp(string? existingFile)
    {
        DatabaseFile = existingFile ?? Path.Combine(Path.GetTempPath(), "datawiz-tests", $"{Guid.NewGuid():N}.db");
    }

    public string DatabaseFile { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // No pooling: the file is deleted after the test and no pooled connection may keep it open.
    public override string ConnectionString => $"Data Source={DatabaseFile};Pooling=False";

    protected override DatawizApp CreateOnSameDatabase() => new SqliteApp(DatabaseFile);

    protected override Task DeleteDatabaseAsync()
    {
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }
}

public sealed class PostgresApp : DatawizApp
{
    public PostgresApp()
        : this(null)
    {
    }

    internal PostgresApp(string? existingDatabase)
    {
        DatabaseName = existingDatabase ?? PostgresServer.NewDatabaseName();
    }

    public string DatabaseName { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string ConnectionString => PostgresServer.ConnectionStringFor(DatabaseName);

    protected override DatawizApp CreateOnSameDatabase() => new PostgresApp(DatabaseName);

    protected override Task DeleteDatabaseAsync() => PostgresServer.DropDatabaseAsync(DatabaseName);
}
