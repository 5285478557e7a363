using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>
/// The model shared by every provider. Each provider has its own subclass so that each keeps its own
/// migrations and snapshot (the way bitwarden/server keeps providers apart).
/// </summary>
public abstract class DatawizDbContext(DbContextOptions options)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DatawizDbContext).Assembly);
    }
}

public sealed class SqliteDatawizDbContext(DbContextOptions<SqliteDatawizDbContext> options) : DatawizDbContext(options);

public sealed class PostgresDatawizDbContext(DbContextOptions<PostgresDatawizDbContext> options) : DatawizDbContext(options);
