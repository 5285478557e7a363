using Microsoft.Extensions.Diagnostics.HealthChecks;
using Datawiz.Infrastructure.Broker.Durability;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

/// <summary>Ready when the broker has started with its stored retained messages and sessions and, unless turned off, its TCP port is bound.</summary>
internal sealed class BrokerHealthCheck(MqttServer server, MqttTcpEndpoint tcp, PersistentSessions sessions, BrokerMetrics metrics) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["tcpPort"] = tcp.Port, ["connectedClients"] = metrics.ConnectedClients };
        if (!server.IsStarted)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The MQTT broker has not started.", data: data));
        }
        if (!sessions.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The MQTT broker is loading its retained messages and sessions.", data: data));
        }
        return Task.FromResult(tcp.Port == 0
            ? HealthCheckResult.Unhealthy("The MQTT TCP port is not bound.", data: data)
            : HealthCheckResult.Healthy($"MQTT on TCP port {tcp.Port} and WebSocket {MqttOptions.WebSocketPath}.", data));
    }
}
