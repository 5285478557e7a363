using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.UserClasses;

public static class UserClassesRegistration
{
    /// <summary>User class administration; a singleton is safe because it makes one context per call.</summary>
    public static IServiceCollection AddUserClasses(this IServiceCollection services) =>
        services.AddSingleton<UserClassService>();
}
