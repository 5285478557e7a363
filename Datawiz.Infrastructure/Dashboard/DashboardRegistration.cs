using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The dashboard's services; each opens its own short context per call, so they are singletons.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services) =>
        services.AddSingleton<DashboardCards>().AddSingleton<DashboardPins>();
}
