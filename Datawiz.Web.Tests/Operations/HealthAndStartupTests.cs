using System.Net;
using Datawiz.Web.Tests.Harness;
using Npgsql;

namespace Datawiz.Web.Tests.Operations;

public sealed class HealthAndStartupTests
{
    [Fact]
    public async Task The_portal_waits_for_a_database_that_becomes_reachable_later()
    {
        var port = TcpProxy.FreePort();
        var real = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString);
        await using var app = new PostgresApp();
        app.Settings["ConnectionStrings:Datawiz"] = new NpgsqlConnectionStringBuilder(app.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = port,
            Timeout = 2,
        }.ConnectionString;
        await app.StartAsync(waitUntilReady: false);
        using var client = app.CreatePortalClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/readyz")).StatusCode);
        var page = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Datawiz is starting", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await using var proxy = new TcpProxy(port, real.Host!, real.Port);
        proxy.Start();
        await app.WaitUntilReadyAsync();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}
