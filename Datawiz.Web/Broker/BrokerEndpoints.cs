using Datawiz.Infrastructure.Broker;
using Microsoft.AspNetCore.Http.Connections;
using MQTTnet.AspNetCore;
using MQTTnet.Server;

namespace Datawiz.Web.Broker;

public static class BrokerEndpoints
{
    /// <summary>MQTT over WebSocket at <see cref="MqttOptions.WebSocketPath"/>, and Datawiz's checks on the broker's events.</summary>
    public static WebApplication MapBroker(this WebApplication app)
    {
        if (app.Services.GetService<MqttServer>() is null)
        {
            return app;
        }
        // MQTTnet's MapMqtt, but through Datawiz's handler (as on TCP) and with two additions it cannot take: anonymous
        // (the broker authenticates by its own CONNECT, not by cookie) and WebSockets only (no SignalR-style long polling).
        app.MapConnectionHandler<GuardedMqttConnectionHandler>(MqttOptions.WebSocketPath, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.WebSockets.SubProtocolSelector = MqttSubProtocolSelector.SelectSubProtocol;
            })
            .AllowAnonymous();
        app.UseMqttServer(server => BrokerRegistration.Attach(server, app.Services));
        return app;
    }
}
