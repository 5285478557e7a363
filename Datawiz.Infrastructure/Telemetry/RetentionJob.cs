using Datawiz.Domain.Telemetry;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// Deletes readings older than the owner's user-class retention, and everything deleted sensors left behind.
/// It deletes in small batches, each its own short statement, so that the batch writer never waits long for it.
/// </summary>
public sealed partial class RetentionJob(
    IDbContextFactory<DatawizDbContext> contexts, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<RetentionJob> logger) : BackgroundService
{
    private readonly TelemetryOptions settings = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.RetentionInterval, clock, stoppingToken);
                var deleted = await RunOnceAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Catch and log per round: the next round tries again (the database may have been away).
                LogFailed(ex);
            }
        }
    }

    /// <summary>One round over every sensor and field; returns the readings deleted.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<(Guid SensorId, string Field, DateTimeOffset? Cutoff)> series;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Small tables, joined here rather than in SQL that each provider translates its own way.
            var classes = await db.UserClasses.Select(c => new { c.Id, c.IsDefault, c.RetentionDays }).ToListAsync(cancellationToken);
            var defaultDays = classes.FirstOrDefault(c => c.IsDefault)?.RetentionDays;
            var owners = await db.Users.Select(u => new { u.Id, u.UserClassId }).ToDictionaryAsync(u => u.Id, u => u.UserClassId, cancellationToken);
            var sensors = await db.Sensors.Select(s => new { s.Id, s.OwnerId }).ToListAsync(cancellationToken);
            var retention = sensors.ToDictionary(s => s.Id, s =>
                owners.GetValueOrDefault(s.OwnerId) is { } classId ? classes.FirstOrDefault(c => c.Id == classId)?.RetentionDays ?? defaultDays : defaultDays);
            var fields = await db.LatestReadings.Select(l => new { l.SensorId, l.Field }).ToListAsync(cancellationToken);
            // A sensor that no longer exists keeps nothing (null cutoff: delete all).
            series = fields.Select(f => (f.SensorId, f.Field, retention.TryGetValue(f.SensorId, out var days)
                    ? days is { } d ? now - TimeSpan.FromDays(d) : (DateTimeOffset?)DateTimeOffset.MinValue
                    : null))
                .ToList();
        }

        long deleted = 0;
        foreach (var (sensorId, field, cutoff) in series)
        {
            deleted += await DeleteSeriesAsync(sensorId, field, cutoff ?? DateTimeOffset.MaxValue, cancellationToken);
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var gone = series.Where(s => s.Cutoff is null).Select(s => s.SensorId).Distinct().ToList();
            await db.LatestReadings.Where(l => gone.Contains(l.SensorId)).ExecuteDeleteAsync(cancellationToken);
            await db.SensorTelemetryCounters.Where(c => !db.Sensors.Any(s => s.Id == c.SensorId)).ExecuteDeleteAsync(cancellationToken);
        }
        return deleted;
    }

    private async Task<long> DeleteSeriesAsync(Guid sensorId, string field, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        // Whole quarter hours only, readings and their rollups in one transaction, so that the rollups always
        // summarise exactly the readings that are left (the cutoff moves back by at most a quarter hour).
        cutoff = cutoff == DateTimeOffset.MaxValue ? cutoff : ReadingRollup.SlotOf(cutoff);
        long deleted = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var series = db.Readings.Where(r => r.SensorId == sensorId && r.Field == field && r.Timestamp < cutoff).OrderBy(r => r.Timestamp);
            // The sensor, field and time index finds the oldest rows; the first reading past a batch bounds it.
            var oldest = await series.Select(r => (DateTimeOffset?)r.Timestamp).FirstOrDefaultAsync(cancellationToken);
            var pastBatch = await series.Skip(settings.RetentionBatchSize).Select(r => (DateTimeOffset?)r.Timestamp).FirstOrDefaultAsync(cancellationToken);
            var bound = pastBatch is { } next
                ? ReadingRollup.SlotOf(next) > ReadingRollup.SlotOf(oldest!.Value) ? ReadingRollup.SlotOf(next) : ReadingRollup.SlotOf(oldest.Value) + ReadingRollup.Slot
                : cutoff;
            deleted += await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var count = await db.Readings.Where(r => r.SensorId == sensorId && r.Field == field && r.Timestamp < bound).ExecuteDeleteAsync(cancellationToken);
                await db.ReadingRollups.Where(r => r.SensorId == sensorId && r.Field == field && r.Start < bound).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return count;
            });
            if (pastBatch is null)
            {
                return deleted;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Readings} readings")]
    private partial void LogDeleted(long readings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention round failed; trying again next round")]
    private partial void LogFailed(Exception exception);
}
