using System.Collections.Concurrent;
using System.Net;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// What one of the broker's helpers keeps for a client id's current connection (its Receive Maximum window, its
/// Maximum Packet Size): set when a connect is accepted, forgotten when that same connection ends.
/// </summary>
/// <remarks>
/// MQTTnet may report a connection's end after it has let the next connection of the same client id in, so an end
/// forgets the entry only if it was made for the connection from that endpoint (as <see cref="SensorConnections"/> does).
/// </remarks>
public sealed class PerConnection<T>
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public void Set(string clientId, EndPoint? endpoint, T value) => entries[clientId] = new Entry(endpoint, value);

    public void Remove(string clientId) => entries.TryRemove(clientId, out _);

    public bool TryGetValue(string clientId, out T value)
    {
        var found = entries.TryGetValue(clientId, out var entry);
        value = found ? entry!.Value : default!;
        return found;
    }

    /// <summary>Forgets <paramref name="clientId"/>'s entry if it belongs to the connection from <paramref name="endpoint"/>.</summary>
    public void Ended(string clientId, EndPoint? endpoint)
    {
        if (entries.TryGetValue(clientId, out var entry) && Equals(entry.Endpoint, endpoint))
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(clientId, entry));
        }
    }

    public bool Contains(string clientId) => entries.ContainsKey(clientId);

    private sealed record Entry(EndPoint? Endpoint, T Value);
}
