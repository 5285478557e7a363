using Microsoft.EntityFrameworkCore.Design;

namespace Datawiz.Infrastructure.Persistence;

// dotnet-ef builds each provider's context through these, so that adding a migration needs no running
// database and no configuration: the connection strings below are never opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDatawizDbContext>
{
    public SqliteDatawizDbContext CreateDbContext(string[] args) => new(DatabaseProviderSetup.CreateOptions<SqliteDatawizDbContext>(
        new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db")));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDatawizDbContext>
{
    public PostgresDatawizDbContext CreateDbContext(string[] args) => new(DatabaseProviderSetup.CreateOptions<PostgresDatawizDbContext>(
        new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=datawiz_design")));
}
