using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Datawiz.Domain.Telemetry;
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

/// <summary>
/// Base of both providers: opens the context's connection and reads the rows one provider's SQL returns. Where every
/// bucket is made of whole quarter hours (15-minute, hour and day buckets in every zone in use), the quarter hours
/// inside the range come from the rollups and only the ragged ends from the readings.
/// </summary>
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
        await using var command = Command(db.Database.GetDbConnection(), series, buckets, RolledUp(buckets));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var readings = reader.GetInt64(5);
            yield return new BucketAggregate(
                (int)reader.GetInt64(0), (int)reader.GetInt64(1), reader.GetDouble(2) / readings, reader.GetDouble(3), reader.GetDouble(4), readings);
        }
    }

    /// <summary>
    /// The whole quarter hours inside the buckets' range when no bucket boundary falls inside one of them; otherwise
    /// an empty range at the end, so that every reading is read raw.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) RolledUp(IReadOnlyList<HistoryBucket> buckets)
    {
        var from = buckets[0].From.ToUniversalTime();
        var to = buckets[^1].To.ToUniversalTime();
        var inner = (From: ReadingRollup.SlotAtOrAfter(from), To: ReadingRollup.SlotOf(to));
        var whole = inner.From < inner.To && buckets.Skip(1).All(b => ReadingRollup.IsSlotStart(b.From));
        return whole ? inner : (to, to);
    }

    /// <summary>Rows of line, bucket, sum, minimum, maximum and count, ordered by line and bucket.</summary>
    protected abstract DbCommand Command(
        DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets, (DateTimeOffset From, DateTimeOffset To) rolledUp);
}

/// <summary>
/// PostgreSQL: per line, one index range scan of the rollups and one of the readings at each end of the range; <c>width_bucket</c>
/// finds each row's bucket in the sorted array of bucket starts (a binary search), so the cost does not grow with the
/// number of buckets.
/// </summary>
public sealed class PostgresReadingAggregates : RelationalReadingAggregates
{
    // LATERAL makes each line its own index range scans: joined, a range as long as the table (a year of a year's
    // readings) made the planner scan the whole table instead, 6 s for 52 million rows.
    private const string Sql =
        """
        SELECT s.k - 1, a.bucket, a.total, a.minimum, a.maximum, a.readings
        FROM unnest(@sensors, @fields) WITH ORDINALITY AS s(sensor, field, k)
        CROSS JOIN LATERAL (
            SELECT p.bucket, sum(p.total) AS total, min(p.minimum) AS minimum, max(p.maximum) AS maximum, sum(p.readings)::bigint AS readings
            FROM (
                SELECT width_bucket(u."Start", @starts) - 1 AS bucket,
                       sum(u."Sum") AS total, min(u."Minimum") AS minimum, max(u."Maximum") AS maximum, sum(u."Count") AS readings
                FROM "ReadingRollups" u
                WHERE u."SensorId" = s.sensor AND u."Field" = s.field AND u."Start" >= @innerFrom AND u."Start" < @innerTo
                GROUP BY 1
                UNION ALL
                SELECT width_bucket(r."Timestamp", @starts) - 1, sum(r."Value"), min(r."Value"), max(r."Value"), count(*)
                FROM "Readings" r
                WHERE r."SensorId" = s.sensor AND r."Field" = s.field AND r."Timestamp" >= @from AND r."Timestamp" < @innerFrom
                GROUP BY 1
                UNION ALL
                SELECT width_bucket(r."Timestamp", @starts) - 1, sum(r."Value"), min(r."Value"), max(r."Value"), count(*)
                FROM "Readings" r
                WHERE r."SensorId" = s.sensor AND r."Field" = s.field AND r."Timestamp" >= @innerTo AND r."Timestamp" < @to
                GROUP BY 1
            ) p
            GROUP BY p.bucket
        ) a
        ORDER BY s.k, a.bucket
        """;

    protected override DbCommand Command(
        DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets, (DateTimeOffset From, DateTimeOffset To) rolledUp)
    {
        var command = new NpgsqlCommand(Sql, (NpgsqlConnection)connection);
        command.Parameters.AddWithValue("sensors", series.Select(s => s.SensorId).ToArray());
        command.Parameters.AddWithValue("fields", series.Select(s => s.Field).ToArray());
        // Buckets follow each other without gaps, so their starts and the last end describe them all.
        command.Parameters.AddWithValue("starts", buckets.Select(b => b.From.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("from", buckets[0].From.ToUniversalTime());
        command.Parameters.AddWithValue("to", buckets[^1].To.ToUniversalTime());
        command.Parameters.AddWithValue("innerFrom", rolledUp.From);
        command.Parameters.AddWithValue("innerTo", rolledUp.To);
        return command;
    }
}

/// <summary>
/// SQLite: the lines and buckets as JSON arrays read by <c>json_each</c>; CROSS JOIN keeps them the outer loops, so
/// each bucket is an index range probe of the rollups and, at the range's ends, of the readings.
/// </summary>
public sealed class SqliteReadingAggregates : RelationalReadingAggregates
{
    private const string Sql =
        """
        SELECT p.line, p.bucket, sum(p.total), min(p.minimum), max(p.maximum), sum(p.readings)
        FROM (
            SELECT s.key AS line, b.key AS bucket, sum(u."Sum") AS total, min(u."Minimum") AS minimum, max(u."Maximum") AS maximum, sum(u."Count") AS readings
            FROM json_each(@series) AS s
            CROSS JOIN json_each(@buckets) AS b
            CROSS JOIN "ReadingRollups" AS u
            WHERE u."SensorId" = s.value ->> 0 AND u."Field" = s.value ->> 1
              AND u."Start" >= max(b.value ->> 0, @innerFrom) AND u."Start" < min(b.value ->> 1, @innerTo)
            GROUP BY s.key, b.key
            UNION ALL
            SELECT s.key, b.key, sum(r."Value"), min(r."Value"), max(r."Value"), count(*)
            FROM json_each(@series) AS s
            CROSS JOIN json_each(@buckets) AS b
            CROSS JOIN "Readings" AS r
            WHERE r."SensorId" = s.value ->> 0 AND r."Field" = s.value ->> 1
              AND r."Timestamp" >= b.value ->> 0 AND r."Timestamp" < min(b.value ->> 1, @innerFrom)
            GROUP BY s.key, b.key
            UNION ALL
            SELECT s.key, b.key, sum(r."Value"), min(r."Value"), max(r."Value"), count(*)
            FROM json_each(@series) AS s
            CROSS JOIN json_each(@buckets) AS b
            CROSS JOIN "Readings" AS r
            WHERE r."SensorId" = s.value ->> 0 AND r."Field" = s.value ->> 1
              AND r."Timestamp" >= max(b.value ->> 0, @innerTo) AND r."Timestamp" < b.value ->> 1
            GROUP BY s.key, b.key
        ) AS p
        GROUP BY p.line, p.bucket
        ORDER BY p.line, p.bucket
        """;

    // The conversion the context applies to every DateTimeOffset on SQLite: a 64-bit integer that orders as the
    // time does for the UTC times readings are stored with.
    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    protected override DbCommand Command(
        DbConnection connection, IReadOnlyList<SeriesKey> series, IReadOnlyList<HistoryBucket> buckets, (DateTimeOffset From, DateTimeOffset To) rolledUp)
    {
        var command = ((SqliteConnection)connection).CreateCommand();
        command.CommandText = Sql;
        // EF Core stores Guids on SQLite as upper-case text.
        command.Parameters.AddWithValue("@series", JsonSerializer.Serialize(series.Select(s => new[] { s.SensorId.ToString().ToUpperInvariant(), s.Field })));
        command.Parameters.AddWithValue("@buckets", JsonSerializer.Serialize(buckets.Select(b => new[] { Stored(b.From), Stored(b.To) })));
        command.Parameters.AddWithValue("@innerFrom", Stored(rolledUp.From));
        command.Parameters.AddWithValue("@innerTo", Stored(rolledUp.To));
        return command;
    }

    private static long Stored(DateTimeOffset time) => (long)TimeConverter.ConvertToProvider(time.ToUniversalTime())!;
}
