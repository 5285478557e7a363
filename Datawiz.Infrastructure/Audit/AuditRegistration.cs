using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Audit;

public static class AuditRegistration
{
    /// <summary>The trail that commands write to in their own context, and the administrators' search of it.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditTrail>().AddSingleton<AuditLogQuery>();
}
