using System.Net;
using Datawiz.Infrastructure.Telemetry;
using MQTTnet.Formatter;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The sensors connected now, per owner, so that an owner's class limit of sensors connected at once can be
/// held. A sensor counts once however many connections it has. Each admitted connection is kept under its
/// client id with its remote end point: a takeover (a new connection with the id of a live one) replaces the
/// entry without counting again, because MQTTnet raises no disconnect for the connection taken over; and a
/// disconnect frees the slot only when it is the connection the entry is for, so that the late disconnect of
/// an old connection cannot free the slot of the new one that already has its id.
/// </summary>
public sealed class SensorConnections(TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Admitted> byClientId = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Dictionary<Guid, int>> connectionsByOwner = [];

    /// <summary>Admits the connection unless it would take the owner past <paramref name="limit"/> connected sensors.</summary>
    public bool TryAdmit(string clientId, EndPoint? endpoint, MqttProtocolVersion protocolVersion, TelemetrySender sensor, int limit)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (byClientId.TryGetValue(clientId, out var existing) && existing.Sensor.SensorId == sensor.SensorId)
            {
                byClientId[clientId] = existing with { Endpoint = endpoint, ProtocolVersion = protocolVersion, Since = now };
                return true;
            }
            var sensors = connectionsByOwner.GetValueOrDefault(sensor.OwnerId);
            var alreadyConnected = sensors?.ContainsKey(sensor.SensorId) ?? false;
            if (!alreadyConnected && (sensors?.Count ?? 0) >= limit)
            {
                return false;
            }
            // Another account's connection with this id: the connect check refuses that, so only a race gets here.
            if (existing is not null)
            {
                Remove(clientId, existing);
            }
            byClientId[clientId] = new Admitted(sensor, endpoint, protocolVersion, now);
            if (!connectionsByOwner.TryGetValue(sensor.OwnerId, out sensors))
            {
                connectionsByOwner[sensor.OwnerId] = sensors = [];
            }
            sensors[sensor.SensorId] = sensors.GetValueOrDefault(sensor.SensorId) + 1;
            return true;
        }
    }

    /// <summary>Frees the slot of the connection that ended, if it still holds one.</summary>
    public void Disconnected(string? clientId, EndPoint? endpoint)
    {
        if (clientId is null)
        {
            return;
        }
        lock (gate)
        {
            if (byClientId.TryGetValue(clientId, out var admitted) && Equals(admitted.Endpoint, endpoint))
            {
                Remove(clientId, admitted);
            }
        }
    }

    public int ConnectedSensors(Guid ownerId)
    {
        lock (gate)
        {
            return connectionsByOwner.GetValueOrDefault(ownerId)?.Count ?? 0;
        }
    }

    /// <summary>The sensor's open connections, oldest first, for its page.</summary>
    /// <remarks>
    /// A scan of every connection: a page asks every few seconds, and walking even 10,000 entries costs less than
    /// keeping a second index in step with takeovers and late disconnects.
    /// </remarks>
    public IReadOnlyList<SensorConnection> Of(Guid sensorId)
    {
        lock (gate)
        {
            return [.. byClientId.Where(entry => entry.Value.Sensor.SensorId == sensorId)
                .Select(entry => new SensorConnection(entry.Key, VersionText(entry.Value.ProtocolVersion), AddressText(entry.Value.Endpoint), entry.Value.Since))
                .OrderBy(connection => connection.ConnectedAt)];
        }
    }

    private static string VersionText(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V310 => "3.1",
        MqttProtocolVersion.V311 => "3.1.1",
        MqttProtocolVersion.V500 => "5.0",
        _ => version.ToString(),
    };

    // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d, which nobody recognises as their device's address.
    private static string? AddressText(EndPoint? endpoint) => endpoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } ip => new IPEndPoint(ip.Address.MapToIPv4(), ip.Port).ToString(),
        null => null,
        _ => endpoint.ToString(),
    };

    private void Remove(string clientId, Admitted admitted)
    {
        byClientId.Remove(clientId);
        var sensors = connectionsByOwner[admitted.Sensor.OwnerId];
        var left = sensors[admitted.Sensor.SensorId] - 1;
        if (left > 0)
        {
            sensors[admitted.Sensor.SensorId] = left;
            return;
        }
        sensors.Remove(admitted.Sensor.SensorId);
        if (sensors.Count == 0)
        {
            connectionsByOwner.Remove(admitted.Sensor.OwnerId);
        }
    }

    private sealed record Admitted(TelemetrySender Sensor, EndPoint? Endpoint, MqttProtocolVersion ProtocolVersion, DateTimeOffset Since);
}

/// <summary>One open MQTT connection of a sensor: its client id, protocol version ("3.1.1", "5.0"), remote address and since when.</summary>
public sealed record SensorConnection(string ClientId, string ProtocolVersion, string? RemoteAddress, DateTimeOffset ConnectedAt);
