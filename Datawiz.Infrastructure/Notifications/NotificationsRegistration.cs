using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Notifications;

public static class NotificationsRegistration
{
    /// <summary>The notifier that commands use to tell someone, and the service that lists notifications; singletons with one short context per call.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services) =>
        services.AddSingleton<Notifier>().AddSingleton<NotificationService>().AddSingleton<AdminQueues>();
}
