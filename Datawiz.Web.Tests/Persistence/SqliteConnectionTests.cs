using Datawiz.Infrastructure.Persistence;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Datawiz.Web.Tests.Persistence;

/// <summary>SQLite runs in write-ahead-log mode with a busy timeout, so that writers and readers do not block each other.</summary>
public sealed class SqliteConnectionTests
{
    [Fact]
    public async Task Every_connection_the_app_opens_uses_the_write_ahead_log_and_a_busy_timeout()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        await using var db = await app.DbAsync();

        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);

        Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
        Assert.Equal(5000L, await PragmaAsync(db, "busy_timeout"));
    }

    private static async Task<object?> PragmaAsync(DatawizDbContext db, string pragma)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
