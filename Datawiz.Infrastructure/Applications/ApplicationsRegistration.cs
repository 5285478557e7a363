using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Applications;

public static class ApplicationsRegistration
{
    /// <summary>Templates, comments and user applications. Singletons: each call opens its own short-lived context.</summary>
    public static IServiceCollection AddApplications(this IServiceCollection services) =>
        services.AddSingleton<ApplicationTemplates>().AddSingleton<TemplateComments>().AddSingleton<UserApplications>();
}
