using Npgsql;

namespace Datawiz.Benchmark.Postgres;

/// <summary>A fresh PostgreSQL database for one scenario, dropped afterwards, so runs never see each other's rows.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private static bool checkpointRefusedTold;
    private readonly string server;

    private BenchDatabase(string server, string name)
    {
        this.server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string connectionString, CancellationToken cancellationToken)
    {
        // CREATE and DROP DATABASE run from the maintenance database, whatever database the setting names.
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;
        var name = $"datawiz_bench_{Guid.NewGuid():N}"[..30];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(cancellationToken);
            await CheckpointAsync(connection, cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new BenchmarkFailedException($"Cannot create a database on PostgreSQL ({ex.Message}); pass --postgres with a role that may create databases.");
        }
        return new BenchDatabase(server, name);
    }

    /// <summary>
    /// Writes out what the previous scenarios left dirty, so that a scenario's figures are not a checkpoint of the
    /// previous one's rows (a latency run right after the throughput runs saw a p99 of 896 ms without it).
    /// </summary>
    private static async Task CheckpointAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("CHECKPOINT", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            if (!checkpointRefusedTold)
            {
                checkpointRefusedTold = true;
                Console.WriteLine("  … this role may not CHECKPOINT (PostgreSQL 15's pg_checkpoint role): scenarios may see the previous one's writes");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
