using Microsoft.EntityFrameworkCore;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>Hands out the configured provider's context as the shared <see cref="DatawizDbContext"/>.</summary>
internal sealed class DatawizDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<DatawizDbContext>
    where TContext : DatawizDbContext
{
    public DatawizDbContext CreateDbContext() => inner.CreateDbContext();
}
