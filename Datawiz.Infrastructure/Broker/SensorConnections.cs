using System.Net;
using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// The sensors connected now, per owner, so that an owner's class limit of sensors connected at once can be
/// held. A sensor counts once however many connections it has. Each admitted connection is kept under its
/// client id with its remote end point: a takeover (a new connection with the id of a live one) replaces the
/// entry without counting again, because MQTTnet raises no disconnect for the connection taken over; and a
/// disconnect frees the slot only when it is the connection the entry is for, so that the late disconnect of
/// an old connection cannot free the slot of the new one that already has its id.
/// </summary>
public sealed class SensorConnections
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Admitted> byClientId = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Dictionary<Guid, int>> connectionsByOwner = [];

    /// <summary>Admits the connection unless it would take the owner past <paramref name="limit"/> connected sensors.</summary>
    public bool TryAdmit(string clientId, EndPoint? endpoint, TelemetrySender sensor, int limit)
    {
        lock (gate)
        {
            if (byClientId.TryGetValue(clientId, out var existing) && existing.Sensor.SensorId == sensor.SensorId)
            {
                byClientId[clientId] = existing with { Endpoint = endpoint };
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
            byClientId[clientId] = new Admitted(sensor, endpoint);
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

    private sealed record Admitted(TelemetrySender Sensor, EndPoint? Endpoint);
}
