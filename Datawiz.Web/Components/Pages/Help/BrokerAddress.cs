using Datawiz.Infrastructure.Broker;

namespace Datawiz.Web.Components.Pages.Help;

/// <summary>
/// Where a device reaches this portal, as the help pages print it in their examples: the host name the reader
/// used for the portal itself, the port the broker actually listens on (the free one picked for <c>Mqtt:TcpPort</c> 0
/// too), and the WebSocket and HTTP addresses under the portal's own address.
/// </summary>
public sealed record BrokerAddress(bool Enabled, string Host, int TcpPort, Uri WebSocket, Uri Portal)
{
    /// <param name="portal">The portal's base address, ending with '/' (<c>NavigationManager.BaseUri</c>).</param>
    /// <param name="listener">Null when the broker is switched off; its port is 0 until it is bound.</param>
    public static BrokerAddress Of(Uri portal, MqttOptions options, MqttTcpEndpoint? listener)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(options);
        var webSocket = new UriBuilder(new Uri(portal, MqttOptions.WebSocketPath.TrimStart('/')))
        {
            Scheme = portal.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Port = portal.IsDefaultPort ? -1 : portal.Port,
        }.Uri;
        var port = listener is { Port: > 0 } bound ? bound.Port : options.TcpPort;
        // DnsSafeHost: an IPv6 address without the brackets, as mosquitto_pub's -h takes it.
        return new BrokerAddress(options.Enabled && listener is not null, portal.DnsSafeHost, port, webSocket, portal);
    }

    /// <summary>The HTTP ingestion address of the sensor with <paramref name="username"/>, which may be a shell variable such as <c>$SENSOR</c>.</summary>
    public string HttpIngestion(string username) => $"{Portal}api/v1/sensors/{username}/telemetry";
}
