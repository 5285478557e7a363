using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.SensorTypes;

public static class SensorTypesRegistration
{
    public static IServiceCollection AddSensorTypes(this IServiceCollection services)
    {
        services.AddSingleton<SensorTypeService>();
        return services;
    }
}
