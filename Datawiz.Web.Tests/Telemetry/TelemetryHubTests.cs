using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Web.Tests.Harness;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Datawiz.Web.Tests.Telemetry;

public sealed class TelemetryHubTestsOnSqlite(SqliteApp app) : TelemetryHubTests(app), IClassFixture<SqliteApp>;

public sealed class TelemetryHubTestsOnPostgres(PostgresApp app) : TelemetryHubTests(app), IClassFixture<PostgresApp>;

/// <summary>The telemetry hub through SignalR's own .NET client, signed in with a cookie or a personal access token.</summary>
public abstract class TelemetryHubTests(DatawizApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Uri HubAddress => new(app.BaseAddress, "/hubs/telemetry");

    /// <summary>A started connection whose <c>readings</c> messages land in <see cref="Watcher.Readings"/>.</summary>
    private sealed class Watcher(HubConnection connection, Channel<JsonElement> readings) : IAsyncDisposable
    {
        public HubConnection Connection { get; } = connection;

        public ChannelReader<JsonElement> Readings => readings.Reader;

        /// <summary>The next readings of <paramref name="sensorId"/>, with any others that came first.</summary>
        public async Task<(JsonElement Wanted, List<JsonElement> Before)> NextForAsync(Guid sensorId)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
            deadline.CancelAfter(Patience);
            var before = new List<JsonElement>();
            while (true)
            {
                var message = await Readings.ReadAsync(deadline.Token);
                if (message.GetProperty("sensorId").GetGuid() == sensorId)
                {
                    return (message, before);
                }
                before.Add(message);
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    private async Task<Watcher> ConnectAsync(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> signIn)
    {
        var connection = new HubConnectionBuilder().WithUrl(HubAddress, signIn).Build();
        var readings = Channel.CreateUnbounded<JsonElement>();
        connection.On<JsonElement>("readings", message => readings.Writer.TryWrite(message));
        await connection.StartAsync(Token);
        return new Watcher(connection, readings);
    }

    private Task<Watcher> WithCookieAsync(PortalClient client) => ConnectAsync(options => options.Cookies = client.Cookies);

    private Task<Watcher> WithTokenAsync(string token) => ConnectAsync(options => options.AccessTokenProvider = () => Task.FromResult<string?>(token));

    private async Task<string> TokenOfAsync(Datawiz.Domain.Common.Actor actor) =>
        (await app.Services.GetRequiredService<AccessTokens>().CreateAsync(actor, "Hub test", 30, Token)).Expect().Token;

    private async Task IngestAsync(TelemetrySensor sensor, string payload) =>
        Assert.Equal(Infrastructure.Telemetry.IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, payload), Token)).Status);

    private static List<(string Time, double Value)> Values(JsonElement readings, string field) =>
        readings.GetProperty("fields").GetProperty(field).EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetDouble())).ToList();

    [Fact]
    public async Task A_cookie_connection_gets_its_own_sensors_readings_and_not_a_strangers_which_it_may_not_watch()
    {
        var (owner, client) = await app.SignedInActorAsync();
        using var _ = client;
        var own = await app.NewTelemetrySensorAsync(owner);
        var strangers = await app.NewTelemetrySensorAsync();
        await using var watcher = await WithCookieAsync(client);

        await watcher.Connection.InvokeAsync("Watch", own.Sender.SensorId, Token);
        var refused = await Assert.ThrowsAsync<HubException>(() => watcher.Connection.InvokeAsync("Watch", strangers.Sender.SensorId, Token));
        await IngestAsync(strangers, """{"temperature":-40}""");
        await IngestAsync(own, """{"temperature":21.5,"humidity":40}""");

        Assert.Contains("The sensor was not found.", refused.Message, StringComparison.Ordinal);
        var (readings, before) = await watcher.NextForAsync(own.Sender.SensorId);
        Assert.Empty(before);
        var (time, value) = Assert.Single(Values(readings, "temperature"));
        Assert.Equal(21.5, value);
        Assert.True(DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, out var at) && Math.Abs((at - app.Clock.GetUtcNow()).TotalMinutes) < 5, time);
        Assert.Equal(40, Assert.Single(Values(readings, "humidity")).Value);
        // Watching an id that does not exist reads the same as a stranger's.
        var unknown = await Assert.ThrowsAsync<HubException>(() => watcher.Connection.InvokeAsync("Watch", Guid.NewGuid(), Token));
        Assert.Equal(refused.Message, unknown.Message);
    }

    [Fact]
    public async Task A_token_connection_gets_a_sensor_shared_with_its_group_and_nothing_after_unwatching()
    {
        var sensor = await app.NewTelemetrySensorAsync();
        var other = await app.NewTelemetrySensorAsync(sensor.Owner);
        var member = await app.NewActorAsync();
        var group = await app.CreateGroupAsync(sensor.Owner.UserId, member.UserId);
        await using (var db = await app.DbAsync())
        {
            db.SensorShares.Add(new SensorShare { SensorId = sensor.Sender.SensorId, GroupId = group.Id });
            db.SensorShares.Add(new SensorShare { SensorId = other.Sender.SensorId, GroupId = group.Id });
            await db.SaveChangesAsync(Token);
        }
        await using var watcher = await WithTokenAsync(await TokenOfAsync(member));

        await watcher.Connection.InvokeAsync("Watch", sensor.Sender.SensorId, Token);
        await IngestAsync(sensor, """{"temperature":19}""");
        Assert.Equal(19, Assert.Single(Values((await watcher.NextForAsync(sensor.Sender.SensorId)).Wanted, "temperature")).Value);

        await watcher.Connection.InvokeAsync("Unwatch", sensor.Sender.SensorId, Token);
        await watcher.Connection.InvokeAsync("Watch", other.Sender.SensorId, Token);
        await IngestAsync(sensor, """{"temperature":18}""");
        await IngestAsync(other, """{"temperature":30}""");
        var (readings, before) = await watcher.NextForAsync(other.Sender.SensorId);
        Assert.Equal(30, Assert.Single(Values(readings, "temperature")).Value);
        Assert.Empty(before);
    }

    [Fact]
    public async Task Nobody_connects_without_signing_in_or_with_a_bad_token_and_the_query_string_token_works_for_the_hub_only()
    {
        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(_ => { }));
        var badToken = await Assert.ThrowsAsync<HttpRequestException>(() => WithTokenAsync($"dwz_{Guid.NewGuid():N}_{new string('A', 43)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);

        // What browsers send, since they cannot set a header on a WebSocket.
        var token = await TokenOfAsync(await app.NewActorAsync());
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var negotiated = await http.PostAsync($"/hubs/telemetry/negotiate?negotiateVersion=1&access_token={token}", null, Token);
        using var withoutToken = await http.PostAsync("/hubs/telemetry/negotiate?negotiateVersion=1", null, Token);
        using var onTheApi = await http.GetAsync($"/api/v1/history?access_token={token}", Token);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Null(withoutToken.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, onTheApi.StatusCode);
    }

    [Fact]
    public async Task The_request_log_which_would_write_the_hubs_access_token_is_never_written_whatever_the_configuration_says()
    {
        await using var verbose = DatawizApp.Create(app.Provider);
        verbose.Settings["Logging:LogLevel:Default"] = "Debug";
        verbose.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug";
        verbose.Settings["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug";
        await verbose.InitializeAsync();
        var loggers = verbose.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public async Task Revoking_the_token_or_suspending_the_account_closes_the_connection()
    {
        var actor = await app.NewActorAsync();
        var issued = (await app.Services.GetRequiredService<AccessTokens>().CreateAsync(actor, "Revoked later", 30, Token)).Expect();
        await using var byToken = await WithTokenAsync(issued.Token);
        var (suspended, client) = await app.SignedInActorAsync();
        using var _ = client;
        await using var byCookie = await WithCookieAsync(client);

        Assert.True((await app.Services.GetRequiredService<AccessTokens>().RevokeAsync(actor, issued.Id, Token)).Succeeded);
        Assert.True((await app.Services.GetRequiredService<UserAdministration>().ChangeStatusAsync(await app.ConfiguredAdminAsync(), suspended.UserId, UserStatus.Suspended, Token)).Succeeded);

        await Poll.UntilAsync(() => Task.FromResult(byToken.Connection.State == HubConnectionState.Disconnected), Patience, "the token's connection to close");
        await Poll.UntilAsync(() => Task.FromResult(byCookie.Connection.State == HubConnectionState.Disconnected), Patience, "the suspended account's connection to close");
    }
}
