using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.SensorTypes;

public static class SensorTypesRegistration
{
    /// <summary>Sensor types; a singleton that opens one short context per call.</summary>
    public static IServiceCollection AddSensorTypes(this IServiceCollection services) =>
        services.AddSingleton<SensorTypeService>();
}
