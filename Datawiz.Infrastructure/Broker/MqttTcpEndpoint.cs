using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Broker;

/// <summary>The port MQTT over TCP listens on, once bound (the configured one, or the free one picked for 0).</summary>
public sealed class MqttTcpEndpoint
{
    private volatile int port;

    /// <summary>0 until the listener is bound.</summary>
    public int Port => port;

    internal void Bound(int boundPort) => port = boundPort;
}

/// <summary>
/// MQTT over TCP on a Kestrel server of its own, whose only endpoint hands its connections to MQTTnet (<see cref="GuardedMqttConnectionHandler"/>).
/// Not a listener on the web server: Kestrel serves either the endpoints configured in code or the URLs
/// (ASPNETCORE_URLS, the test host's port), never both, so an MQTT endpoint added there would silently
/// replace the web port or be dropped.
/// </summary>
internal sealed class MqttTcpListener(
    IOptions<MqttOptions> options, MqttTcpEndpoint endpoint, IServiceProvider services, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private KestrelServer? server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var kestrel = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };
        kestrel.ListenAnyIP(options.Value.TcpPort, listen => listen.UseConnectionHandler<GuardedMqttConnectionHandler>());
        server = new KestrelServer(Options.Create(kestrel), new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggers), loggers);
        await server.StartAsync(new NoHttp(), cancellationToken);
        var address = server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        endpoint.Bound(BindingAddress.Parse(address).Port);
        loggers.CreateLogger<MqttTcpListener>().LogInformation("MQTT over TCP listening on port {Port}", endpoint.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.StopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        return ValueTask.CompletedTask;
    }

    // The MQTT connection handler ends the pipeline, so no HTTP request ever reaches this.
    private sealed class NoHttp : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => contextFeatures;

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;

        public void DisposeContext(object context, Exception? exception)
        {
        }
    }
}
