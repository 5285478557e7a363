using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Persistence;

/// <summary>Every model change needs a migration for each provider; this fails when one is missing.</summary>
public sealed class PendingModelChangesTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_migrations_match_the_model(DatabaseProvider provider)
    {
        using var db = CreateContext(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model has changes without a migration: add one for each provider (see README, 'Changing the model').");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_its_own_migrations(DatabaseProvider provider)
    {
        using var db = CreateContext(provider);

        var migrations = db.Database.GetMigrations().ToList();

        Assert.NotEmpty(migrations);
        Assert.All(migrations, id => Assert.Matches("^[0-9]{14}_", id));
    }

    // The connection strings are never opened: comparing the model with the snapshot needs no database.
    private static DatawizDbContext CreateContext(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres => new PostgresDatawizDbContext(DatabaseProviderSetup.CreateOptions<PostgresDatawizDbContext>(
            new DatabaseSettings(provider, "Host=localhost;Database=unused"))),
        _ => new SqliteDatawizDbContext(DatabaseProviderSetup.CreateOptions<SqliteDatawizDbContext>(
            new DatabaseSettings(provider, "Data Source=:memory:"))),
    };
}
