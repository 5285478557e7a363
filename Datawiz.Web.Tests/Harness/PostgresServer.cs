using Npgsql;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// The PostgreSQL server the test script starts. Each test class gets a database of its own, created
/// here and dropped afterwards.
/// </summary>
public static class PostgresServer
{
    /// <summary>Set by test.sh; the default matches the role it creates.</summary>
    public static string AdminConnectionString { get; } =
        Environment.GetEnvironmentVariable("DATAWIZ_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=datawiz_test;Password=datawiz_test";

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;

    public static string NewDatabaseName() => $"datawiz_test_{Guid.NewGuid():N}";

    public static async Task DropDatabaseAsync(string database)
    {
        // DROP DATABASE waits for an immediate checkpoint and for the backends it terminates; measured at 2 to 8 s
        // with the CPU busy, so Npgsql's 15 s connect and 30 s command defaults are too close on a loaded CI machine.
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = "postgres",
            Pooling = false,
            Timeout = 60,
            CommandTimeout = 300,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""", connection);
        await command.ExecuteNonQueryAsync();
    }
}
