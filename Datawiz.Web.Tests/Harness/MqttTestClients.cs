using System.Text;
using Datawiz.Domain.Accounts;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Broker;
using Datawiz.Infrastructure.Sensors;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;

namespace Datawiz.Web.Tests.Harness;

public enum MqttTransport
{
    Tcp,
    WebSocket,
}

/// <summary>A sensor made through the portal's own service, with the credentials shown once to its owner.</summary>
public sealed record TestSensor(Actor Owner, IssuedCredentials Credentials)
{
    public string Username => Credentials.Username;

    public string Password => Credentials.Password;

    public string Topic => TopicScheme.SensorPrefix(Owner.UserId, Credentials.Username);
}

/// <summary>A person with his own MQTT password, issued through the profile's service.</summary>
public sealed record TestMqttUser(Actor Actor, IssuedUserMqttPassword Credentials)
{
    public string Username => Credentials.Username;

    public string Password => Credentials.Password;

    public string Prefix => Credentials.TopicPrefix;
}

/// <summary>MQTTnet clients against the app's broker, over TCP or WebSocket, in either protocol version.</summary>
public static class MqttTestClients
{
    private static readonly MqttClientFactory Factory = new();

    public static async Task<TestSensor> NewSensorAsync(this DatawizApp app, Actor? owner = null)
    {
        owner ??= await app.NewActorAsync();
        var type = await app.CreateSensorTypeAsync();
        var created = await app.Services.GetRequiredService<SensorService>().CreateAsync(owner, new SensorInput
        {
            Name = $"Sensor {Guid.NewGuid().ToString("N")[..6]}",
            SensorTypeId = type.Id,
            Values = new Dictionary<string, string?> { ["interval"] = "30", ["api_key"] = "k", ["location"] = "Garden" },
        }, TestContext.Current.CancellationToken);
        return new TestSensor(owner, created.Expect());
    }

    public static async Task<TestMqttUser> NewMqttUserAsync(this DatawizApp app, Actor? actor = null, string role = Roles.User)
    {
        actor ??= await app.NewActorAsync(role);
        var issued = await app.Services.GetRequiredService<UserMqttPasswords>().IssueAsync(actor, TestContext.Current.CancellationToken);
        return new TestMqttUser(actor, issued.Expect());
    }

    public static Task<IMqttClient> ConnectUserAsync(
        this DatawizApp app, TestMqttUser user, MqttTransport transport = MqttTransport.Tcp, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        app.ConnectAsync(app.Options(transport, version, user.Username, user.Password));

    public static MqttClientOptionsBuilder Options(
        this DatawizApp app, MqttTransport transport, MqttProtocolVersion version, string? username, string? password, string? clientId = null) =>
        transport == MqttTransport.Tcp
            ? TcpOptions(app.MqttPort, version, username, password, clientId)
            : WithCredentials(NewOptions(version, clientId).WithWebSocketServer(ws => ws.WithUri($"ws://{app.BaseAddress.Authority}{MqttOptions.WebSocketPath}")), username, password);

    /// <summary>MQTT over TCP to a broker on this machine's <paramref name="port"/>, such as the portal in a process of its own.</summary>
    public static MqttClientOptionsBuilder TcpOptions(int port, MqttProtocolVersion version, string? username, string? password, string? clientId = null) =>
        WithCredentials(NewOptions(version, clientId).WithTcpServer("127.0.0.1", port), username, password);

    private static MqttClientOptionsBuilder NewOptions(MqttProtocolVersion version, string? clientId) => new MqttClientOptionsBuilder()
        .WithProtocolVersion(version)
        .WithClientId(clientId ?? $"test-{Guid.NewGuid():N}")
        .WithTimeout(TimeSpan.FromSeconds(30));

    private static MqttClientOptionsBuilder WithCredentials(MqttClientOptionsBuilder builder, string? username, string? password) =>
        username is null ? builder : builder.WithCredentials(username, password);

    /// <summary>A connected client (or the server's refusal in <paramref name="result"/>); the caller disposes it.</summary>
    public static Task<(IMqttClient Client, MqttClientConnectResult Result)> TryConnectAsync(this DatawizApp app, MqttClientOptionsBuilder options) =>
        TryConnectAsync(options);

    public static Task<IMqttClient> ConnectAsync(this DatawizApp app, MqttClientOptionsBuilder options) => ConnectAsync(options);

    /// <summary>A connected client (or the server's refusal in <paramref name="result"/>), whatever broker the options name; the caller disposes it.</summary>
    public static async Task<(IMqttClient Client, MqttClientConnectResult Result)> TryConnectAsync(MqttClientOptionsBuilder options)
    {
        var client = Factory.CreateMqttClient();
        var result = await client.ConnectAsync(options.Build(), TestContext.Current.CancellationToken);
        return (client, result);
    }

    /// <summary>
    /// Connects with an <see cref="Inbox"/> attached first: a resumed session's queued messages follow its CONNACK at
    /// once, before a handler attached after the connect would see them.
    /// </summary>
    public static async Task<(IMqttClient Client, MqttClientConnectResult Result, List<MqttApplicationMessage> Inbox)> TryResumeAsync(
        MqttClientOptionsBuilder options)
    {
        var client = Factory.CreateMqttClient();
        var inbox = client.Inbox();
        var result = await client.ConnectAsync(options.Build(), TestContext.Current.CancellationToken);
        return (client, result, inbox);
    }

    public static async Task<IMqttClient> ConnectAsync(MqttClientOptionsBuilder options)
    {
        var (client, result) = await TryConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    public static Task<IMqttClient> ConnectSensorAsync(
        this DatawizApp app, TestSensor sensor, MqttTransport transport = MqttTransport.Tcp, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        app.ConnectAsync(app.Options(transport, version, sensor.Username, sensor.Password));

    /// <summary>Collects what a client receives; subscribe after creating it.</summary>
    public static List<MqttApplicationMessage> Inbox(this IMqttClient client)
    {
        var inbox = new List<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += received =>
        {
            lock (inbox)
            {
                inbox.Add(received.ApplicationMessage);
            }
            return Task.CompletedTask;
        };
        return inbox;
    }

    public static string PayloadText(this MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload);

    public static bool Contains(this List<MqttApplicationMessage> inbox, string topic, string payload)
    {
        lock (inbox)
        {
            return inbox.Any(m => m.Topic == topic && m.PayloadText() == payload);
        }
    }
}
