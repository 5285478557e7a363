using System.Data.Common;
using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Readings in one transaction per batch, each provider its fastest way, with the quarter-hour rollups they change
/// (so that the rollups always agree with the readings they summarise); summaries in one transaction of one upsert
/// per sensor and field for the newest values, one per sensor for the counters and the last-seen time. The same
/// summary SQL runs on both providers (both know <c>ON CONFLICT … DO UPDATE</c> and <c>excluded</c>).
/// </summary>
public abstract class RelationalTelemetryStore(IDbContextFactory<DatawizDbContext> contexts) : ITelemetryStore
{
    private const string UpsertLatest =
        """
        INSERT INTO "LatestReadings" ("SensorId", "Field", "Value", "Timestamp") VALUES (@p0, @p1, @p2, @p3)
        ON CONFLICT ("SensorId", "Field") DO UPDATE SET "Value" = excluded."Value", "Timestamp" = excluded."Timestamp"
        WHERE excluded."Timestamp" >= "LatestReadings"."Timestamp"
        """;

    /// <summary>Adds a batch's rollup to the one stored; both providers read it (their min and max differ, CASE does not).</summary>
    protected const string MergeRollup =
        """
        ON CONFLICT ("SensorId", "Field", "Start") DO UPDATE SET
            "Count" = "ReadingRollups"."Count" + excluded."Count",
            "Sum" = "ReadingRollups"."Sum" + excluded."Sum",
            "Minimum" = CASE WHEN excluded."Minimum" < "ReadingRollups"."Minimum" THEN excluded."Minimum" ELSE "ReadingRollups"."Minimum" END,
            "Maximum" = CASE WHEN excluded."Maximum" > "ReadingRollups"."Maximum" THEN excluded."Maximum" ELSE "ReadingRollups"."Maximum" END
        """;

    private const string UpsertCounters =
        """
        INSERT INTO "SensorTelemetryCounters" ("SensorId", "Received", "Stored", "Rejected", "RefusedByAcl", "RateLimited", "LastReason", "LastReasonAt")
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)
        ON CONFLICT ("SensorId") DO UPDATE SET
            "Received" = "SensorTelemetryCounters"."Received" + excluded."Received",
            "Stored" = "SensorTelemetryCounters"."Stored" + excluded."Stored",
            "Rejected" = "SensorTelemetryCounters"."Rejected" + excluded."Rejected",
            "RefusedByAcl" = "SensorTelemetryCounters"."RefusedByAcl" + excluded."RefusedByAcl",
            "RateLimited" = "SensorTelemetryCounters"."RateLimited" + excluded."RateLimited",
            "LastReason" = COALESCE(excluded."LastReason", "SensorTelemetryCounters"."LastReason"),
            "LastReasonAt" = COALESCE(excluded."LastReasonAt", "SensorTelemetryCounters"."LastReasonAt")
        """;

    private const string UpdateLastSeen =
        """
        UPDATE "Sensors" SET "LastSeenAt" = @p1 WHERE "Id" = @p0 AND ("LastSeenAt" IS NULL OR "LastSeenAt" < @p1)
        """;

    public async Task WriteReadingsAsync(IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await WriteReadingsAsync(connection, transaction, readings, cancellationToken);
        await WriteRollupsAsync(connection, transaction, ReadingRollup.Of(readings), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task WriteSummaryAsync(IReadOnlyDictionary<Guid, CounterDelta> summary, CancellationToken cancellationToken)
    {
        var statements = new List<(string Sql, object?[] Values)>(summary.Count * 4);
        foreach (var (sensorId, c) in summary)
        {
            statements.AddRange(c.Latest.Values.Select(l => (UpsertLatest, new object?[] { Id(sensorId), l.Field, l.Value, Time(l.Timestamp) })));
            statements.Add((UpsertCounters, [Id(sensorId), c.Received, c.Stored, c.Rejected, c.RefusedByAcl, c.RateLimited, c.LastReason, c.LastReasonAt is { } at ? Time(at) : null]));
            if (c.LastSeenAt is { } seen)
            {
                statements.Add((UpdateLastSeen, [Id(sensorId), Time(seen)]));
            }
        }
        if (statements.Count == 0)
        {
            return;
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, statements, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var command = (await OpenAsync(db, cancellationToken)).CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The context's connection, opened.</summary>
    protected virtual async Task<DbConnection> OpenAsync(DatawizDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return db.Database.GetDbConnection();
    }

    protected abstract Task WriteReadingsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Reading> readings, CancellationToken cancellationToken);

    /// <summary>Merges the rollups (one per key, ordered) into the stored ones.</summary>
    protected abstract Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ReadingRollup> rollups, CancellationToken cancellationToken);

    /// <summary>Runs the statements in order inside the transaction.</summary>
    protected abstract Task ExecuteAsync(DbConnection connection, DbTransaction transaction, List<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken);

    /// <summary>A sensor id as the provider's column stores it.</summary>
    protected abstract object Id(Guid id);

    /// <summary>A time as the provider's column stores it.</summary>
    protected abstract object Time(DateTimeOffset time);

    protected static string ParameterName(int index) => $"@p{index}";
}

/// <summary>PostgreSQL: readings by binary COPY, the upserts in one round trip.</summary>
public sealed class PostgresTelemetryStore(IDbContextFactory<DatawizDbContext> contexts) : RelationalTelemetryStore(contexts)
{
    // Opened past EF's retrying execution strategy: it would retry a lost database for half a minute while the
    // batch's senders wait; the writer has its own retry and refuses messages meanwhile.
    protected override async Task<DbConnection> OpenAsync(DatawizDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private const string Copy = """COPY "Readings" ("SensorId", "Timestamp", "Field", "Value") FROM STDIN (FORMAT BINARY)""";

    protected override async Task WriteReadingsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Reading> readings, CancellationToken cancellationToken)
    {
        await using var import = await ((NpgsqlConnection)connection).BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var reading in readings)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(reading.SensorId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(reading.Timestamp, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(reading.Field, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(reading.Value, NpgsqlDbType.Double, cancellationToken);
        }
        // Without Complete the import is rolled back when disposed.
        await import.CompleteAsync(cancellationToken);
    }

    // One statement for the whole batch: arrays unnested into rows, so a batch of a hundred sensors is one round trip.
    private const string UpsertRollups =
        """
        INSERT INTO "ReadingRollups" ("SensorId", "Field", "Start", "Count", "Sum", "Minimum", "Maximum")
        SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6)
        """ + "\n" + MergeRollup;

    protected override async Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ReadingRollup> rollups, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpsertRollups, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter(ParameterName(0), NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = rollups.Select(r => r.SensorId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(1), NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = rollups.Select(r => r.Field).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(2), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rollups.Select(r => r.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(3), NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rollups.Select(r => r.Count).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(4), NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Sum).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(5), NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Minimum).ToArray() });
        command.Parameters.Add(new NpgsqlParameter(ParameterName(6), NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rollups.Select(r => r.Maximum).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, List<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var (sql, values) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new NpgsqlParameter(ParameterName(i), values[i] ?? DBNull.Value));
            }
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override object Id(Guid id) => id;

    protected override object Time(DateTimeOffset time) => time.ToUniversalTime();
}

/// <summary>SQLite: one prepared insert reused for every reading, in the batch's transaction.</summary>
public sealed class SqliteTelemetryStore(IDbContextFactory<DatawizDbContext> contexts) : RelationalTelemetryStore(contexts)
{
    private const string Insert = """INSERT INTO "Readings" ("SensorId", "Timestamp", "Field", "Value") VALUES (@p0, @p1, @p2, @p3)""";

    // The same conversion the context applies to every DateTimeOffset on SQLite (see SqliteDatawizDbContext).
    private static readonly DateTimeOffsetToBinaryConverter TimeConverter = new();

    private const string UpsertRollup =
        """
        INSERT INTO "ReadingRollups" ("SensorId", "Field", "Start", "Count", "Sum", "Minimum", "Maximum") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)
        """ + "\n" + MergeRollup;

    protected override Task WriteReadingsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Reading> readings, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            readings.Select(r => (Insert, new object?[] { Id(r.SensorId), Time(r.Timestamp), r.Field, r.Value })).ToList(), cancellationToken);

    protected override Task WriteRollupsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ReadingRollup> rollups, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            rollups.Select(r => (UpsertRollup, new object?[] { Id(r.SensorId), r.Field, Time(r.Start), r.Count, r.Sum, r.Minimum, r.Maximum })).ToList(), cancellationToken);

    protected override async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, List<(string Sql, object?[] Values)> statements, CancellationToken cancellationToken)
    {
        var prepared = new Dictionary<string, SqliteCommand>();
        try
        {
            foreach (var (sql, values) in statements)
            {
                if (!prepared.TryGetValue(sql, out var command))
                {
                    command = ((SqliteConnection)connection).CreateCommand();
                    command.Transaction = (SqliteTransaction)transaction;
                    command.CommandText = sql;
                    for (var i = 0; i < values.Length; i++)
                    {
                        command.Parameters.Add(new SqliteParameter { ParameterName = ParameterName(i) });
                    }
                    command.Prepare();
                    prepared[sql] = command;
                }
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters[i].Value = values[i] ?? DBNull.Value;
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            foreach (var command in prepared.Values)
            {
                await command.DisposeAsync();
            }
        }
    }

    // EF Core stores Guids on SQLite as upper-case text.
    protected override object Id(Guid id) => id.ToString().ToUpperInvariant();

    protected override object Time(DateTimeOffset time) => TimeConverter.ConvertToProvider(time.ToUniversalTime())!;
}
