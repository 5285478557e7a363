using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Datawiz.Infrastructure.Persistence;

/// <summary>
/// Every SQLite connection in write-ahead-log mode with a busy timeout: readers then do not wait for a
/// writer, and a writer that finds the database locked waits for its turn instead of failing at once, so a
/// batch writer and the portal do not block each other. WAL is a property of the file (set once, kept);
/// the busy timeout belongs to each connection.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    private static readonly string Pragmas = $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";

    private SqliteConnectionSetup()
    {
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
