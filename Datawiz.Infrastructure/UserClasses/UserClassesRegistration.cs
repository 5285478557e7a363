using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.UserClasses;

public static class UserClassesRegistration
{
    /// <summary>User class administration and a person's own limits; singletons are safe because they make one context per call.</summary>
    public static IServiceCollection AddUserClasses(this IServiceCollection services) =>
        services.AddSingleton<UserClassService>().AddSingleton<OwnUserClass>();
}
