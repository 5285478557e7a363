using Datawiz.Infrastructure.Broker.Durability;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MQTTnet.AspNetCore;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Broker;

public static class BrokerRegistration
{
    /// <summary>The embedded MQTT broker (MQTTnet), unless <c>Mqtt:Enabled</c> is false.</summary>
    public static IServiceCollection AddBroker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<MqttOptions>(configuration, MqttOptions.Section);
        // Also without the broker: a sensor's page then shows no connection, and the retained messages kept from before.
        services.AddSingleton<SensorConnections>();
        services.AddSingleton<SensorBrokerState>();
        if (!IsEnabled(configuration))
        {
            return services;
        }
        services.AddMetrics();
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton<BrokerClients>();
        services.AddSingleton<ConnectThrottle>();
        services.AddSingleton<SharedSensorTopics>();
        services.AddSingleton<ConnectionValidator>();
        services.AddSingleton<PublishInterceptor>();
        services.AddSingleton<AcknowledgementGate>();
        // Registered before the broker and CommittedDelivery so that it stops after them and writes what they did last.
        services.AddSingleton<BrokerStateWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<BrokerStateWriter>());
        services.AddSingleton<RetainedMessageStore>();
        services.AddSingleton<PersistentSessions>();
        services.AddSingleton<CommittedDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<CommittedDelivery>());
        services.AddSingleton<SubscriptionInterceptor>();
        services.AddSingleton<RevokedCredentialsDisconnector>();
        services.AddSingleton<MqttTcpEndpoint>();
        services.AddSingleton<TopicAliasLimit>();
        services.AddSingleton<WillDelay>();
        services.AddSingleton<MessageExpiry>();
        services.AddSingleton<ClientMaximumPacketSize>();
        services.AddSingleton<ReceiveMaximum>();

        // No endpoint of MQTTnet's own: TCP comes through MqttTcpListener, WebSocket through the web port.
        // The communication timeout is also how long a connection may stay silent before its CONNECT.
        services.AddHostedMqttServerWithServices(server => server.WithoutDefaultEndpoint().WithPersistentSessions()
            .WithDefaultCommunicationTimeout(server.ServiceProvider.GetRequiredService<IOptions<MqttOptions>>().Value.ConnectTimeout));
        // In place of MQTTnet's AddMqttConnectionHandler: the server's one adapter, for TCP and WebSocket.
        services.AddSingleton<GuardedMqttConnectionHandler>();
        services.AddSingleton<IMqttServerAdapter>(provider => provider.GetRequiredService<GuardedMqttConnectionHandler>());
        services.AddConnections();
        services.AddHostedService<MqttTcpListener>();
        services.AddHostedService<BrokerStateLoader>();
        services.AddHealthChecks().AddCheck<BrokerHealthCheck>("broker", tags: [HealthTags.Ready]);
        return services;
    }

    public static bool IsEnabled(IConfiguration configuration) =>
        !bool.TryParse(configuration[$"{MqttOptions.Section}:{nameof(MqttOptions.Enabled)}"], out var enabled) || enabled;

    /// <summary>Connects Datawiz's checks to the server's events; called once, before the server starts.</summary>
    public static void Attach(MqttServer server, IServiceProvider services)
    {
        var validator = services.GetRequiredService<ConnectionValidator>();
        var publishes = services.GetRequiredService<PublishInterceptor>();
        var subscriptions = services.GetRequiredService<SubscriptionInterceptor>();
        var metrics = services.GetRequiredService<BrokerMetrics>();
        var acknowledgements = services.GetRequiredService<AcknowledgementGate>();
        acknowledgements.Attach(server);
        services.GetRequiredService<CommittedDelivery>().Attach(server);
        services.GetRequiredService<TopicAliasLimit>().Attach(server);
        services.GetRequiredService<WillDelay>().Attach(server);
        services.GetRequiredService<MessageExpiry>().Attach(server);
        // Outbound in this order: what is expired or too large is dropped before its session gives it a packet
        // identifier (and forgets it) and before it could take a Receive Maximum slot.
        services.GetRequiredService<ClientMaximumPacketSize>().Attach(server);
        services.GetRequiredService<PersistentSessions>().Attach(server, new MqttServerOptions().MaxPendingMessagesPerClient);
        services.GetRequiredService<ReceiveMaximum>().Attach(server);
        server.ValidatingConnectionAsync += connect => validator.ValidateAsync(server, connect);
        server.ClientConnectedAsync += connected =>
        {
            BrokerClients.SetProtocol(connected.SessionItems, connected.ProtocolVersion);
            metrics.Connected();
            return AcknowledgementGate.OnConnectedAsync(connected);
        };
        var sensorConnections = services.GetRequiredService<SensorConnections>();
        var receiveMaximum = services.GetRequiredService<ReceiveMaximum>();
        var maximumPacketSize = services.GetRequiredService<ClientMaximumPacketSize>();
        server.ClientDisconnectedAsync += disconnected =>
        {
            sensorConnections.Disconnected(disconnected.ClientId, disconnected.RemoteEndPoint);
            // Else every client id ever seen would stay in memory.
            receiveMaximum.Disconnected(disconnected.ClientId, disconnected.RemoteEndPoint);
            maximumPacketSize.Disconnected(disconnected.ClientId, disconnected.RemoteEndPoint);
            metrics.Disconnected();
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += publishes.InterceptAsync;
        server.InterceptingInboundPacketAsync += AcknowledgementGate.OnInboundAsync;
        server.InterceptingOutboundPacketAsync += acknowledgements.OnOutboundAsync;
        server.InterceptingSubscriptionAsync += subscriptions.InterceptAsync;
        services.GetRequiredService<RevokedCredentialsDisconnector>().Attach(server, services.GetRequiredService<SensorAuthenticator>());
    }
}
