using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Datawiz.Web.Tests.Persistence;

/// <summary>
/// Readings stored before rollups existed get them from the migration that adds the table, each database's own SQL,
/// equal to what ingestion would have written.
/// </summary>
public sealed class ReadingRollupMigrationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_migration_summarises_the_readings_already_stored(DatabaseProvider provider)
    {
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"datawiz-rollups-{Guid.NewGuid():N}.db");
        var postgresDatabase = PostgresServer.NewDatabaseName();
        var settings = provider == DatabaseProvider.Postgres
            ? new DatabaseSettings(provider, PostgresServer.ConnectionStringFor(postgresDatabase))
            : new DatabaseSettings(provider, $"Data Source={sqliteFile};Pooling=False");
        try
        {
            await using var db = provider == DatabaseProvider.Postgres
                ? new PostgresDatawizDbContext(DatabaseProviderSetup.CreateOptions<PostgresDatawizDbContext>(settings))
                : (DatawizDbContext)new SqliteDatawizDbContext(DatabaseProviderSetup.CreateOptions<SqliteDatawizDbContext>(settings));
            var migrator = db.GetService<IMigrator>();
            // Each provider's migrations have their own ids: the one before the rollups is found by name.
            var migrations = db.Database.GetMigrations().ToList();
            await migrator.MigrateAsync(migrations[migrations.FindIndex(id => id.EndsWith("_ReadingRollups", StringComparison.Ordinal)) - 1], Token);
            var sensor = Guid.NewGuid();
            var start = new DateTimeOffset(2026, 6, 1, 9, 58, 30, TimeSpan.Zero);
            var readings = Enumerable.Range(0, 50)
                .Select(i => new Reading { SensorId = sensor, Field = i % 2 == 0 ? "temperature" : "humidity", Timestamp = start.AddMinutes(i), Value = (i % 13) * 0.25 })
                .ToList();
            db.Readings.AddRange(readings);
            await db.SaveChangesAsync(Token);

            await migrator.MigrateAsync(cancellationToken: Token);

            var stored = (await db.ReadingRollups.AsNoTracking().ToListAsync(Token))
                .OrderBy(r => r.Field, StringComparer.Ordinal).ThenBy(r => r.Start)
                .Select(r => (r.SensorId, r.Field, r.Start.ToUniversalTime(), r.Count, r.Sum, r.Minimum, r.Maximum));
            Assert.Equal(
                ReadingRollup.Of(readings).Select(r => (r.SensorId, r.Field, r.Start, r.Count, r.Sum, r.Minimum, r.Maximum)),
                stored);
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                await PostgresServer.DropDatabaseAsync(postgresDatabase);
            }
            File.Delete(sqliteFile);
        }
    }
}
