using System.Collections;
using System.Collections.Concurrent;
using Datawiz.Domain.Broker;
using Datawiz.Infrastructure.Telemetry;
using MQTTnet.Formatter;

namespace Datawiz.Infrastructure.Broker;

/// <summary>An account that passed the connect check: who it is for the ACL, and the sensor when it is one.</summary>
public sealed record BrokerClient(BrokerIdentity Identity, TelemetrySender? Sensor);

/// <summary>
/// The accounts connected to the broker, by MQTT username. Publish and subscribe checks look them up by the
/// username MQTTnet reports, which is the one the connect check verified: a session can only be resumed by
/// the account that created it (<see cref="ConnectionValidator"/>), so a session's username is its current one.
/// </summary>
public sealed class BrokerClients
{
    private const string OwnerItem = "datawiz.owner";
    private const string ProtocolItem = "datawiz.protocol";

    private readonly ConcurrentDictionary<string, BrokerClient> clients = new(StringComparer.Ordinal);

    public void Remember(BrokerClient client) => clients[client.Identity.Username] = client;

    public BrokerClient? Find(string? username) =>
        username is not null && clients.TryGetValue(username, out var client) ? client : null;

    /// <summary>Forgets the accounts matching <paramref name="match"/> and returns their usernames.</summary>
    public IReadOnlyList<string> Forget(Func<BrokerClient, bool> match)
    {
        var forgotten = new List<string>();
        foreach (var (username, client) in clients)
        {
            if (match(client) && clients.TryRemove(username, out _))
            {
                forgotten.Add(username);
            }
        }
        return forgotten;
    }

    /// <summary>The account that created a session (kept in the session's items, which outlive its connections).</summary>
    public static string? SessionOwner(IDictionary sessionItems) => sessionItems[OwnerItem] as string;

    public static void SetSessionOwner(IDictionary sessionItems, string username) => sessionItems[OwnerItem] = username;

    /// <summary>The protocol of the connection that currently has the session (set on every connect, as a session may change hands between versions).</summary>
    public static MqttProtocolVersion ProtocolOf(IDictionary sessionItems) =>
        sessionItems[ProtocolItem] is MqttProtocolVersion version ? version : MqttProtocolVersion.V311;

    public static void SetProtocol(IDictionary sessionItems, MqttProtocolVersion version) => sessionItems[ProtocolItem] = version;
}
