namespace Datawiz.Infrastructure.Persistence.Seeding;

/// <summary>Puts data the portal needs into the database after migrations; must be safe to run at every start.</summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
