using Npgsql;

namespace Datawiz.Benchmark.Postgres;

/// <summary>
/// How many readings Datawiz has stored. The only place that knows the readings table: ASSUMED to be
/// <c>"Readings"</c> (one row per sensor, time and field) until the ingestion branch names it.
/// </summary>
public static class StoredReadings
{
    public const string Table = "\"Readings\"";

    public static async Task<long> CountAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {Table}", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new BenchmarkFailedException($"Datawiz's database has no table {Table}: this build does not store readings yet (or the table has another name; see Postgres/StoredReadings.cs).");
        }
    }
}
