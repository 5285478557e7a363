using System.ComponentModel.DataAnnotations;

namespace Datawiz.Infrastructure.Broker;

/// <summary>The <c>Mqtt</c> configuration section: the embedded broker.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>Where MQTT over WebSocket is served on the web port.</summary>
    public const string WebSocketPath = "/mqtt";

    /// <summary>Off: no broker at all (neither the TCP port nor <see cref="WebSocketPath"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The MQTT-over-TCP port; 0 picks a free one (logged, and readable from <see cref="MqttTcpEndpoint"/>).</summary>
    [Range(0, 65535)]
    public int TcpPort { get; set; } = 1883;

    /// <summary>Longer topics and filters (in UTF-8 bytes) are protocol errors; the protocol's own limit is 65,535.</summary>
    [Range(16, 65535)]
    public int MaxTopicBytes { get; set; } = 1024;

    /// <summary>
    /// How long a new connection may take to send its CONNECT (a connection that never speaks, or stops halfway
    /// through the packet, is closed then); also how long writing a packet to a client may take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest packet a client may send, in bytes, fixed header included (MQTT 5's Maximum Packet Size, announced in
    /// CONNACK). A larger one is refused from its fixed header, before its body is read; the protocol's own limit is 268,435,460.
    /// </summary>
    [Range(1024, 268_435_460)]
    public int MaximumPacketSize { get; set; } = 256 * 1024;

    /// <summary>
    /// How long an MQTT 3.1.1 session (clean session 0) is kept after its client has gone: 3.1.1 gives a session no
    /// expiry of its own, and one kept for ever would let every client id used once hold its session and queue for
    /// ever (Mosquitto's <c>persistent_client_expiration</c>; EMQX's default is two hours). MQTT 5 clients say theirs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan SessionExpiryFor311 { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most topic aliases an MQTT 5 client may set up per connection (announced in CONNACK); 0 allows none.</summary>
    [Range(0, 65535)]
    public ushort TopicAliasMaximum { get; set; } = 10;

    /// <summary>Failed connects from one address before it is refused for a while (the wait doubles with each further failure).</summary>
    [Range(1, 1000)]
    public int FailedConnectsBeforeDelay { get; set; } = 5;

    /// <summary>The longest an address is refused after failed connects.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxFailedConnectDelay { get; set; } = TimeSpan.FromMinutes(5);
}
