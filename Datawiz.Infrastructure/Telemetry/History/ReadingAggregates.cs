using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace Datawiz.Infrastructure.Telemetry.History;

/// <summary>The average, minimum and maximum of one line's readings in one bucket; buckets without readings are left out.</summary>
public readonly record struct BucketAggregate(int Series, int Bucket, double Average, double Minimum, double Maximum, long Count);

/// <summary>
/// Averages, minima and maxima per line and bucket, computed by the database. The buckets come from
/// <see cref="HistoryBuckets"/> as a list (so every provider aligns them to the viewer's zone the same way, daylight
/// saving included), and the readings come from range scans of their (sensor, field, time) index: the cost follows
/// the readings in the range, not the table.
/// </summary>
public interface IReadingAggregates
{
    /// <summary>Ordered by line, then bucket; indices are positions in <paramref name="series"/> and <paramref name="buckets"/>.</summary>
    IAsyncEnumerable<BucketAggregate> ReadAsync(DatawizDbContext db, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets, CancellationToken cancellationToken);
}

/// <summary>Base of both providers: opens the context's connection and reads the rows one provider's SQL returns.</summary>
public abstract class RelationalReadingAggregates : IReadingAggregates
{
    public async IAsyncEnumerable<BucketAggregate> ReadAsync(
        DatawizDbContext db, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (series.Count == 0 || buckets.Count == 0)
        {
            yield break;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(db.Database.GetDbConnection(), series, buckets);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new BucketAggregate(
                (int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5));
        }
    }

    protected abstract DbCommand Command(DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets);
}

/// <summary>
/// PostgreSQL: one index range scan per line over the whole range; <c>width_bucket</c> finds each reading's bucket in
/// the sorted array of bucket starts (a binary search), so the cost does not grow with the number of buckets.
/// </summary>
public sealed class PostgresReadingAggregates : RelationalReadingAggregates
{
    // LATERAL makes each line its own index range scan: joined, a range as long as the table (a year of a year's
    // readings) made the planner scan the whole table instead, 6 s for 52 million rows.
    private const string Sql =
        """
        SELECT s.k - 1, a.bucket, a.average, a.minimum, a.maximum, a.readings
        FROM unnest(@sensors, @fields) WITH ORDINALITY AS s(sensor, field, k)
        CROSS JOIN LATERAL (
            SELECT width_bucket(r."Timestamp", @starts) - 1 AS bucket,
                   avg(r."Value") AS average, min(r."Value") AS minimum, max(r."Value") AS maximum, count(*) AS readings
            FROM "Readings" r
            WHERE r."SensorId" = s.sensor AND r."Field" = s.field AND r."Timestamp" >= @from AND r."Timestamp" < @to
            GROUP BY 1
        ) a
        ORDER BY s.k, a.bucket
        """;

    protected override DbCommand Command(DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets)
    {
        var command = new NpgsqlCommand(Sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("sensors", series.Select(s => s.SensorId).ToArray());
        command.Parameters.AddWithValue("fields", series.Select(s => s.Field).ToArray());
        // Buckets follow each other without gaps, so their starts and the last end describe them all.
        command.Parameters.AddWithValue("starts", buckets.Select(b => b.From.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("from", buckets[0].From.ToUniversalTime());
        command.Parameters.AddWithValue("to", buckets[^1].To.ToUniversalTime());
        return command;
    }
}

/// <summary>SQLite: the lines and buckets as JSON arrays read by <c>json_each</c>; CROSS JOIN keeps them the outer loops.</summary>
public sealed class SqliteReadingAggregates : RelationalReadingAggregates
{
    private const string Sql =
        """
        SELECT s.key, b.key, avg(r."Value"), min(r."Value"), max(r."Value"), count(*)
        FROM json_each(@series) AS s
        CROSS JOIN json_each(@buckets) AS b
        CROSS JOIN "Readings" AS r
        WHERE r."SensorId" = s.value ->> 0 AND r."Field" = s.value ->> 1
          AND r."Timestamp" >= b.value ->> 0 AND r."Timestamp" < b.value ->> 1
        GROUP BY s.key, b.key
        ORDER BY s.key, b.key
        """;

    // The conversion the context applies to every DateTimeOffset on SQLite: a 64-bit integer that orders as the
    // time does for the UTC times readings are stored with.
    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    protected override DbCommand Command(DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets)
    {
        var command = ((SqliteConnection)connection).CreateCommand();
        command.CommandText = Sql;
        // EF Core stores Guids on SQLite as upper-case text.
        command.Parameters.AddWithValue("@series", JsonSerializer.Serialize(series.Select(s => new[] { s.SensorId.ToString().ToUpperInvariant(), s.Field })));
        command.Parameters.AddWithValue("@buckets", JsonSerializer.Serialize(buckets.Select(b => new[] { Stored(b.From), Stored(b.To) })));
        return command;
    }

    private static long Stored(DateTimeOffset time) => (long)TimeConverter.ConvertToProvider(time.ToUniversalTime())!;
}
