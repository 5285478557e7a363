using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Telemetry.History;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Infrastructure.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Ingestion (parser, rate limit, queue, batch writer), the store of the configured provider, and retention.</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSettings<TelemetryOptions>(configuration, TelemetryOptions.Section);
        services.AddMetrics();
        services.AddSingleton<TelemetryMetrics>();
        services.AddSingleton<SensorProfiles>();
        services.AddSingleton<MessageRateLimiter>();
        services.AddSingleton<CounterTally>();
        services.AddSingleton<TelemetryInbox>();
        services.AddSingleton<TelemetryNotifier>();
        services.AddSingleton<LiveReadings>();
        services.AddSingleton<LiveSensorAccess>();
        services.AddSingleton<ITelemetryStore>(provider => provider.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresTelemetryStore>(provider)
            : ActivatorUtilities.CreateInstance<SqliteTelemetryStore>(provider));
        services.AddSingleton<TelemetryIngestion>();
        // In this order: hosted services stop in reverse, so the summary is written after the last batch.
        services.AddSingleton<TelemetrySummaryWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<TelemetrySummaryWriter>());
        services.AddHostedService<TelemetryBatchWriter>();
        services.AddSingleton<TelemetryOverview>();
        services.AddSingleton<IReadingAggregates>(provider => provider.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? new PostgresReadingAggregates()
            : new SqliteReadingAggregates());
        services.AddSingleton<ReadingHistory>();
        services.AddSingleton<ReadingExport>();
        services.AddSingleton<RecentReadings>();
        services.AddHostedService<RetentionJob>();
        return services;
    }
}
