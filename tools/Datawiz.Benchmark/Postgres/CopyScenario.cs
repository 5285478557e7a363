using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Datawiz.Benchmark.Postgres;

/// <summary>
/// The ceiling for storage: the readings the thesis payload gives (temperature and humidity of 100 sensors),
/// written with Npgsql's binary COPY in batches, with nothing else in the way.
/// </summary>
public static class CopyScenario
{
    private const int BatchRows = 5_000;

    public static async Task<(long Rows, TimeSpan Elapsed)> RunAsync(string connectionString, int sensors, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE readings (sensor_id uuid NOT NULL, at timestamptz NOT NULL, field text NOT NULL, value double precision NOT NULL); " +
            "CREATE INDEX ON readings (sensor_id, field, at);", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var ids = Enumerable.Range(0, sensors).Select(_ => Guid.NewGuid()).ToArray();
        long rows = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            await using var writer = await connection.BeginBinaryImportAsync("COPY readings (sensor_id, at, field, value) FROM STDIN (FORMAT BINARY)", cancellationToken);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < BatchRows; i += 2)
            {
                var sensor = ids[(int)((rows + i) / 2 % ids.Length)];
                await WriteAsync(writer, sensor, now, "temperature", 24, cancellationToken);
                await WriteAsync(writer, sensor, now, "humidity", 19, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
            rows += BatchRows;
        }
        return (rows, watch.Elapsed);
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter writer, Guid sensor, DateTimeOffset at, string field, double value, CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken);
        await writer.WriteAsync(sensor, NpgsqlDbType.Uuid, cancellationToken);
        await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, cancellationToken);
        await writer.WriteAsync(field, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(value, NpgsqlDbType.Double, cancellationToken);
    }
}
