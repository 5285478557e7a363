using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Sensors;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Closes the open connections whose credentials stopped working: a sensor's (regenerated, deleted, owner
/// suspended or deleted) and a person's own MQTT password (regenerated, user name or role changed, account
/// suspended or deleted).
/// </summary>
public sealed class RevokedCredentialsDisconnector(BrokerClients clients, UserMqttAuthenticator people, ILogger<RevokedCredentialsDisconnector> logger)
{
    public void Attach(MqttServer server, SensorAuthenticator authenticator)
    {
        authenticator.Revoked += revoked => _ = DisconnectAsync(server, revoked);
        people.Revoked += revoked => _ = DisconnectAsync(server, revoked);
    }

    /// <summary>Forgets the accounts first, so that a publish racing with the disconnect is already refused.</summary>
    public async Task DisconnectAsync(MqttServer server, CredentialsRevoked revoked)
    {
        try
        {
            var usernames = clients.Forget(client => revoked.Covers(client.Identity))
                .ToHashSet(StringComparer.Ordinal);
            if (revoked.Username is { } username)
            {
                usernames.Add(username);
            }
            if (!server.IsStarted || usernames.Count == 0)
            {
                return;
            }
            foreach (var connected in await server.GetClientsAsync())
            {
                var session = connected.Session;
                var owner = session is null ? null : BrokerClients.SessionOwner(session.Items);
                if (owner is not null && usernames.Contains(owner))
                {
                    await connected.DisconnectAsync(new MqttServerClientDisconnectOptions
                    {
                        ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                        ReasonString = "The credentials of this connection were revoked.",
                    });
                    logger.LogInformation("MQTT client {ClientId} ({Username}) disconnected: its credentials were revoked", connected.Id, owner);
                }
            }
        }
        catch (Exception ex)
        {
            // Runs detached from the request that revoked; a failure must not be lost silently.
            logger.LogError(ex, "Closing the connections of revoked credentials failed");
        }
    }
}
