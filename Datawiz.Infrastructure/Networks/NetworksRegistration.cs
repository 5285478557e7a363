using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Networks;

public static class NetworksRegistration
{
    /// <summary>WiFi networks; a singleton that opens one short context per call.</summary>
    public static IServiceCollection AddNetworks(this IServiceCollection services) =>
        services.AddSingleton<NetworkService>();
}
