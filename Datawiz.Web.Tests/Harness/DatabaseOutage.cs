using Npgsql;

namespace Datawiz.Web.Tests.Harness;

/// <summary>A PostgreSQL app whose database connections go through a proxy the test cuts and restores.</summary>
public sealed class DatabaseOutage : IAsyncDisposable
{
    private readonly int port = TcpProxy.FreePort();
    private readonly NpgsqlConnectionStringBuilder real = new(PostgresServer.AdminConnectionString);
    private TcpProxy? proxy;

    private DatabaseOutage()
    {
        App.Settings["ConnectionStrings:Datawiz"] = new NpgsqlConnectionStringBuilder(App.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 2 }.ConnectionString;
        App.Settings["Telemetry:DatabaseRetryInterval"] = "00:00:00.200";
    }

    public PostgresApp App { get; } = new();

    /// <param name="settings">Further settings of the app, on top of the outage's own.</param>
    public static async Task<DatabaseOutage> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var outage = new DatabaseOutage();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            outage.App.Settings[key] = value;
        }
        outage.Restore();
        await outage.App.InitializeAsync();
        return outage;
    }

    public async Task CutAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
            proxy = null;
        }
    }

    public void Restore()
    {
        if (proxy is null)
        {
            proxy = new TcpProxy(port, real.Host!, real.Port);
            proxy.Start();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await CutAsync();
    }
}
