using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Live;

public static class LiveRegistration
{
    /// <summary>One in-process feed per kind of message (open generic), shared by every circuit of the process.</summary>
    public static IServiceCollection AddLiveFeeds(this IServiceCollection services) =>
        services.AddSingleton(typeof(ILiveFeed<,>), typeof(InProcessLiveFeed<,>));
}
