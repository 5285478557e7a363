using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>How each provider's context is configured; shared by the running app and the design-time factories.</summary>
internal static class DatabaseProviderSetup
{
    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(settings.ConnectionString, npgsql => npgsql
                    .MigrationsHistoryTable("__EFMigrationsHistory")
                    .EnableRetryOnFailure(maxRetryCount: 5));
                break;
            case DatabaseProvider.Sqlite:
                options.UseSqlite(settings.ConnectionString).AddInterceptors(SqliteConnectionSetup.Instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider.");
        }
        options.AddInterceptors(AfterCommitInterceptor.Instance);
    }

    public static DbContextOptions<TContext> CreateOptions<TContext>(DatabaseSettings settings) where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        Configure(builder, settings);
        return builder.Options;
    }

    public static Type ContextType(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => typeof(PostgresDatawizDbContext),
        DatabaseProvider.Sqlite => typeof(SqliteDatawizDbContext),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
