using System.Data.Common;
using System.Net.Sockets;
using Datawiz.Infrastructure.Persistence.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>
/// Migrates and seeds. While a database that is still starting is unreachable it keeps trying in the
/// background, so that the process is live (and /healthz answers) meanwhile. Anything other than an
/// unreachable database, or one that stays unreachable past the configured limit, stops the host.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    DatabaseReadiness readiness,
    DatabaseSettings settings,
    IOptions<DatabaseOptions> options,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger) : BackgroundService
{
    /// <summary>
    /// The first attempt runs before the server starts, so that nothing (the Data Protection key ring
    /// included) reads a database without its tables; only an unreachable database defers to the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken);
            readiness.MarkReady();
            LogReady(1);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            LogUnreachable(1, TimeSpan.FromSeconds(1), ex.Message);
            await base.StartAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var giveUpAt = clock.GetUtcNow() + options.Value.StartupRetryLimit;
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 2; ; attempt++)
        {
            await Task.Delay(delay, clock, stoppingToken);
            try
            {
                await InitializeAsync(stoppingToken);
                readiness.MarkReady();
                LogReady(attempt);
                return;
            }
            catch (Exception ex) when (IsUnreachable(ex) && clock.GetUtcNow() < giveUpAt && !stoppingToken.IsCancellationRequested)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
                LogUnreachable(attempt, delay, ex.Message);
            }
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            CreateSqliteFolder(settings.ConnectionString);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DatawizDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(db, static (db, ct) => db.Database.MigrateAsync(ct), cancellationToken);
        foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder>())
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    private static void CreateSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder) && file != ":memory:")
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static bool IsUnreachable(Exception ex) =>
        ex is DbException or SocketException or TimeoutException or RetryLimitExceededException
        || (ex.InnerException is { } inner && IsUnreachable(inner));

    [LoggerMessage(LogLevel.Information, "Database migrated and seeded (attempt {Attempt})")]
    private partial void LogReady(int attempt);

    [LoggerMessage(LogLevel.Warning, "Database not reachable yet (attempt {Attempt}); retrying in {Delay}: {Reason}")]
    private partial void LogUnreachable(int attempt, TimeSpan delay, string reason);
}
