using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Sensors;

public static class SensorsRegistration
{
    /// <summary>The sensor services; each opens its own short context per call, so they are singletons.</summary>
    public static IServiceCollection AddSensors(this IServiceCollection services) =>
        services.AddSingleton<SensorAuthenticator>().AddSingleton<SensorService>().AddSingleton<SensorSharing>().AddSingleton<SensorImport>()
            // Also without the broker, to say so; it publishes through the broker's server when there is one.
            .AddSingleton<SensorCommands>();
}
