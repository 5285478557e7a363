using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Groups;

public static class GroupsRegistration
{
    /// <summary>Groups and what they share; singletons that open one short context per call.</summary>
    public static IServiceCollection AddGroups(this IServiceCollection services) =>
        services.AddSingleton<GroupService>().AddSingleton<SharedSensors>();
}
