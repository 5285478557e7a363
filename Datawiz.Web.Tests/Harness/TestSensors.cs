using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Sensors written straight into the database, for tests of features that only refer to them.</summary>
public static class TestSensors
{
    public static async Task<Guid> InsertSensorAsync(this DatawizApp app, Guid ownerId, Guid? networkId = null, Guid? sharedWithGroup = null)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Name = $"Test type {suffix}",
            Hardware = "ESP8266 + DHT11",
            Status = ReviewStatus.Approved,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var sensor = new Sensor
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            SensorTypeId = type.Id,
            NetworkId = networkId,
            Name = $"Sensor {suffix}",
            MqttUsername = $"s-{suffix}",
            MqttPasswordHash = "not-a-real-hash",
            TopicPrefix = $"datawiz/{suffix}",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        if (sharedWithGroup is { } groupId)
        {
            sensor.Shares.Add(new SensorShare { SensorId = sensor.Id, GroupId = groupId });
        }
        db.SensorTypes.Add(type);
        db.Sensors.Add(sensor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return sensor.Id;
    }

    public static async Task<T> QueryAsync<T>(this DatawizApp app, Func<DatawizDbContext, Task<T>> query)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>();
        await using var db = await factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await query(db);
    }
}
