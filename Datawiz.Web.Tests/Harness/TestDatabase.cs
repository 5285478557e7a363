using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Direct access to an app's database, for setting up data and reading what services stored.</summary>
public static class TestDatabase
{
    /// <summary>A short-lived context on the app's database, as the services use; the caller disposes it.</summary>
    public static Task<DatawizDbContext> DbAsync(this DatawizApp app) =>
        app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public static async Task<T> QueryAsync<T>(this DatawizApp app, Func<DatawizDbContext, Task<T>> query)
    {
        await using var db = await app.DbAsync();
        return await query(db);
    }
}
