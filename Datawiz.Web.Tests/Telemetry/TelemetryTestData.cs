using System.Text;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.UserClasses;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Telemetry;

/// <summary>A sensor with real credentials whose type measures temperature and humidity, and messages for it.</summary>
public sealed record TelemetrySensor(Actor Owner, IssuedCredentials Credentials, TelemetrySender Sender);

public static class TelemetryTestData
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TelemetryIngestion Ingestion(this DatawizApp app) => app.Services.GetRequiredService<TelemetryIngestion>();

    public static async Task<TelemetrySensor> NewTelemetrySensorAsync(this DatawizApp app, Actor? owner = null)
    {
        owner ??= await app.NewActorAsync();
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Name = $"DHT {Guid.NewGuid().ToString("N")[..8]}",
            Hardware = "ESP8266 + DHT11",
            Review = { Status = ReviewStatus.Approved },
            CreatedAt = app.Clock.GetUtcNow(),
            Fields = SensorTestData.DhtFields(),
        };
        await using (var db = await app.DbAsync())
        {
            db.SensorTypes.Add(type);
            await db.SaveChangesAsync(Token);
        }
        var credentials = (await app.Services.GetRequiredService<SensorService>().CreateAsync(owner, new SensorInput
        {
            Name = $"Sensor {Guid.NewGuid().ToString("N")[..8]}",
            SensorTypeId = type.Id,
        }, Token)).Expect();
        var sender = await app.Services.GetRequiredService<SensorAuthenticator>().AuthenticateAsync(credentials.Username, credentials.Password, Token);
        Assert.NotNull(sender);
        return new TelemetrySensor(owner, credentials, sender);
    }

    public static TelemetryMessage Message(this DatawizApp app, TelemetrySensor sensor, string payload, string? below = null) =>
        new(sensor.Sender, below is null ? sensor.Sender.SensorTopic : $"{sensor.Sender.SensorTopic}/{below}", Encoding.UTF8.GetBytes(payload), app.Clock.GetUtcNow());

    public static Task<List<Reading>> ReadingsAsync(this DatawizApp app, Guid sensorId) =>
        app.QueryAsync(db => db.Readings.AsNoTracking().Where(r => r.SensorId == sensorId).ToListAsync(Token));

    public static Task<SensorTelemetryCounters?> CountersAsync(this DatawizApp app, Guid sensorId) =>
        app.QueryAsync(db => db.SensorTelemetryCounters.AsNoTracking().FirstOrDefaultAsync(c => c.SensorId == sensorId, Token));

    /// <summary>Puts the user into a new class with the given message rate.</summary>
    public static async Task LimitMessagesAsync(this DatawizApp app, Guid userId, int perMinute, int retentionDays = 90)
    {
        var userClass = UserClass.Standard();
        userClass.Name = $"Rate {Guid.NewGuid().ToString("N")[..8]}";
        userClass.MaxMessagesPerMinute = perMinute;
        userClass.RetentionDays = retentionDays;
        userClass.IsDefault = false;
        await using var db = await app.DbAsync();
        db.UserClasses.Add(userClass);
        await db.SaveChangesAsync(Token);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.UserClassId, userClass.Id), Token);
    }
}
