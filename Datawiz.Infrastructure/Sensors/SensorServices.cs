using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Sensors;

public static class SensorServices
{
    /// <summary>The sensor services; each opens its own short context per call, so they are singletons.</summary>
    public static IServiceCollection AddSensors(this IServiceCollection services)
    {
        services.AddSingleton<SensorService>();
        services.AddSingleton<SensorSharing>();
        services.AddSingleton<SensorImport>();
        return services;
    }
}
