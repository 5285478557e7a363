using Datawiz.Infrastructure.Broker;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.Extensions.Options;
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
        // MQTTnet's MapMqtt, but through Datawiz's handler (as on TCP) and with what it cannot take: anonymous (the
        // broker authenticates by its own CONNECT, not by cookie), WebSockets only (no SignalR-style long polling), and
        // room for a whole packet of the maximum size (the 64 KiB default would stall a larger one halfway).
        var mqtt = app.Services.GetRequiredService<IOptions<MqttOptions>>().Value;
        app.MapConnectionHandler<GuardedMqttConnectionHandler>(MqttOptions.WebSocketPath, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.WebSockets.SubProtocolSelector = MqttSubProtocolSelector.SelectSubProtocol;
                options.TransportMaxBufferSize = GuardedMqttConnectionHandler.ReadBufferSize(mqtt, options.TransportMaxBufferSize);
            })
            .AllowAnonymous();
        app.UseMqttServer(server => BrokerRegistration.Attach(server, app.Services));
        return app;
    }
}
