using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Persistence;

/// <summary>Every model change needs a migration for each provider; this fails when one is missing.</summary>
public sealed class PendingModelChangesTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDatawizDbContext(DatabaseProviderSetup.CreateOptions<SqliteDatawizDbContext>(
            new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:")));

        Assert.False(db.Database.HasPendingModelChanges(),
            "The SQLite model has changes without a migration: dotnet ef migrations add <Name> --context SqliteDatawizDbContext (see README).");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresDatawizDbContext(DatabaseProviderSetup.CreateOptions<PostgresDatawizDbContext>(
            new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=unused")));

        Assert.False(db.Database.HasPendingModelChanges(),
            "The PostgreSQL model has changes without a migration: dotnet ef migrations add <Name> --context PostgresDatawizDbContext (see README).");
    }

    [Fact]
    public void Both_providers_have_migrations()
    {
        using var sqlite = new SqliteDatawizDbContext(DatabaseProviderSetup.CreateOptions<SqliteDatawizDbContext>(
            new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:")));
        using var postgres = new PostgresDatawizDbContext(DatabaseProviderSetup.CreateOptions<PostgresDatawizDbContext>(
            new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=unused")));

        Assert.NotEmpty(sqlite.Database.GetMigrations());
        Assert.NotEmpty(postgres.Database.GetMigrations());
    }
}
