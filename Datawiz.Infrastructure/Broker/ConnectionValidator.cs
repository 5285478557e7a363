using System.Net;
using Datawiz.Domain.Broker;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Decides who may connect: a sensor with its own credentials (checked by <see cref="SensorAuthenticator"/>),
/// a person's application with his user name and own MQTT password (<see cref="UserMqttAuthenticator"/>);
/// nobody anonymously. A persistent session stays with the account that created it, so another account
/// cannot take over its subscriptions and queued messages by presenting the same client id. A sensor is
/// admitted only while its owner has fewer sensors connected than his class allows (<see cref="SensorConnections"/>).
/// </summary>
public sealed class ConnectionValidator(
    SensorAuthenticator sensors, UserMqttAuthenticator people, BrokerClients clients, ConnectThrottle throttle, SensorProfiles profiles,
    SensorConnections connections, PersistentSessions persistentSessions, WillDelay wills, ReceiveMaximum receiveMaximum, ClientMaximumPacketSize maximumPacketSize,
    BrokerMetrics metrics, ILogger<ConnectionValidator> logger)
{
    public async Task ValidateAsync(MqttServer server, ValidatingConnectionEventArgs connect)
    {
        var address = (connect.RemoteEndPoint as IPEndPoint)?.Address;
        if (throttle.WaitFor(address) is { } wait)
        {
            Refuse(connect, address, "throttled",
                connect.ProtocolVersion == MqttProtocolVersion.V500 ? MqttConnectReasonCode.ConnectionRateExceeded : MqttConnectReasonCode.ServerUnavailable,
                $"Too many failed connects from this address; try again in {Math.Ceiling(wait.TotalSeconds):0} s.", countAsFailure: false);
            return;
        }
        if (!persistentSessions.IsLoaded)
        {
            Refuse(connect, address, "starting", MqttConnectReasonCode.ServerUnavailable,
                "The broker is starting; connect again in a moment.", countAsFailure: false);
            return;
        }
        if (string.IsNullOrEmpty(connect.UserName))
        {
            Refuse(connect, address, "anonymous", MqttConnectReasonCode.NotAuthorized,
                "Anonymous access is off: connect with a sensor's MQTT username and password, or with your user name and the MQTT password from your profile.", countAsFailure: true);
            return;
        }

        BrokerClient? client;
        try
        {
            client = await AuthenticateAsync(connect);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RefuseUnavailable(connect, address, ex);
            return;
        }
        if (client is null)
        {
            Refuse(connect, address, "bad_credentials", MqttConnectReasonCode.BadUserNameOrPassword, "Wrong username or password.", countAsFailure: true);
            return;
        }

        var clientId = connect.ClientId;
        if (string.IsNullOrEmpty(clientId) && connect.ProtocolVersion == MqttProtocolVersion.V500)
        {
            // MQTT 5 §3.1.3.1: the server assigns an id and returns it in CONNACK.
            clientId = connect.AssignedClientIdentifier = AssignedClientId.For(connect.UserName);
        }
        if (!string.IsNullOrEmpty(clientId) && (await SessionOwnerAsync(server, clientId) ?? persistentSessions.OwnerOf(clientId)) is { } owner && owner != connect.UserName)
        {
            Refuse(connect, address, "client_id_taken", MqttConnectReasonCode.ClientIdentifierNotValid,
                "This client id belongs to another account's session; choose another.", countAsFailure: false);
            return;
        }

        // Last, so that a connect refused for another reason holds no slot. An id still empty here is a 3.1.1 one
        // without clean session (GuardedMqttChannel assigns one otherwise), which MQTTnet refuses after this check.
        if (client.Sensor is { } sensor && !string.IsNullOrEmpty(clientId) && !await AdmitSensorAsync(connect, address, sensor, clientId))
        {
            return;
        }

        throttle.Succeeded(address);
        BrokerClients.SetSessionOwner(connect.SessionItems, connect.UserName);
        clients.Remember(client);
        if (!string.IsNullOrEmpty(clientId))
        {
            persistentSessions.Connecting(connect, clientId);
        }
        wills.Connected(connect);
        receiveMaximum.Connected(connect);
        maximumPacketSize.Connected(connect);
    }

    /// <remarks>
    /// Sensor usernames never contain '@' and user names always do, so at most one of the two can match; both
    /// are asked so that a refusal takes as long whichever kind of account was meant.
    /// </remarks>
    private async Task<BrokerClient?> AuthenticateAsync(ValidatingConnectionEventArgs connect)
    {
        if (await sensors.AuthenticateAsync(connect.UserName, connect.Password, connect.CancellationToken) is { } sender)
        {
            return new BrokerClient(new BrokerIdentity(BrokerRole.Sensor, sender.OwnerId, connect.UserName, sender.SensorTopic), sender);
        }
        return await people.AuthenticateAsync(connect.UserName, connect.Password, connect.CancellationToken) is { } person
            ? new BrokerClient(person, null)
            : null;
    }

    private async Task<bool> AdmitSensorAsync(ValidatingConnectionEventArgs connect, IPAddress? address, TelemetrySender sensor, string clientId)
    {
        SensorProfile? profile;
        try
        {
            profile = await profiles.GetAsync(sensor.SensorId, connect.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RefuseUnavailable(connect, address, ex);
            return false;
        }
        if (profile is null)
        {
            Refuse(connect, address, "bad_credentials", MqttConnectReasonCode.BadUserNameOrPassword, "Wrong username or password.", countAsFailure: true);
            return false;
        }
        if (!connections.TryAdmit(clientId, connect.RemoteEndPoint, connect.ProtocolVersion, sensor, profile.MaxConnectedSensors))
        {
            Refuse(connect, address, "connection_limit",
                connect.ProtocolVersion == MqttProtocolVersion.V500 ? MqttConnectReasonCode.QuotaExceeded : MqttConnectReasonCode.ServerUnavailable,
                QuotaRules.ConnectedSensorLimitError(profile.ClassName, profile.MaxConnectedSensors), countAsFailure: false);
            return false;
        }
        return true;
    }

    private static async Task<string?> SessionOwnerAsync(MqttServer server, string clientId)
    {
        try
        {
            var session = await server.GetSessionAsync(clientId);
            return BrokerClients.SessionOwner(session.Items);
        }
        catch (InvalidOperationException)
        {
            // MQTTnet's way of saying there is no such session.
            return null;
        }
    }

    // Credentials or limits that are not cached need the database; without it the client hears why instead of a dropped connection.
    private void RefuseUnavailable(ValidatingConnectionEventArgs connect, IPAddress? address, Exception problem)
    {
        logger.LogWarning(problem, "MQTT connect of {Username} cannot be checked without the database; refused", connect.UserName);
        Refuse(connect, address, "unavailable", MqttConnectReasonCode.ServerUnavailable,
            "The server cannot check these credentials right now; try again shortly.", countAsFailure: false);
    }

    private void Refuse(ValidatingConnectionEventArgs connect, IPAddress? address, string reason, MqttConnectReasonCode code, string message, bool countAsFailure)
    {
        connect.ReasonCode = code;
        connect.ReasonString = message;
        if (countAsFailure)
        {
            throttle.Failed(address);
        }
        metrics.RefusedConnect(reason);
        logger.LogInformation("MQTT connect refused ({Reason}) for username {Username}, client id {ClientId}, from {Address}",
            reason, connect.UserName, connect.ClientId, address);
    }
}
