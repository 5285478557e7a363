using Datawiz.Domain.Common;
using Datawiz.Domain.Groups;
using Datawiz.Domain.Networks;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.UserClasses;
using Datawiz.Domain.Variables;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// Inserts sensor types, networks, groups and user classes straight through the context, for tests of
/// features that only use them (their own services live on other branches).
/// </summary>
public static class SensorTestData
{
    /// <summary>A type with an int "interval" (1..3600), a string "location" and a required secret "api_key" unless told otherwise.</summary>
    public static async Task<SensorType> CreateSensorTypeAsync(
        this DatawizApp app, ReviewStatus status = ReviewStatus.Approved, string? name = null, List<TemplateVariable>? variables = null,
        List<MeasuredField>? fields = null)
    {
        var type = new SensorType
        {
            Id = Guid.NewGuid(),
            Name = name ?? $"Type {Guid.NewGuid().ToString("N")[..8]}",
            Hardware = "ESP8266 + DHT11",
            Review = { Status = status },
            CreatedAt = app.Clock.GetUtcNow(),
            Variables = variables ?? StandardVariables(),
            Fields = fields ?? [],
        };
        await using var db = await app.DbAsync();
        db.SensorTypes.Add(type);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return type;
    }

    /// <summary>What the thesis' ESP8266 + DHT11 measures.</summary>
    public static List<MeasuredField> DhtFields() =>
    [
        new() { Key = "temperature", Label = "Temperature", Unit = "°C" },
        new() { Key = "humidity", Label = "Humidity", Unit = "%" },
    ];

    public static List<TemplateVariable> StandardVariables() =>
    [
        new() { Key = "interval", Label = "Interval", Type = VariableType.Int, Min = 1, Max = 3600, DefaultValue = "60" },
        new() { Key = "location", Label = "Location", Type = VariableType.String },
        new() { Key = "api_key", Label = "API key", Type = VariableType.Secret, Required = true },
    ];

    public static async Task<Network> CreateNetworkAsync(this DatawizApp app, Guid ownerId, string? name = null)
    {
        var network = new Network
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = name ?? $"Net {Guid.NewGuid().ToString("N")[..8]}",
            Ssid = "wifi",
            ProtectedPassword = "not-really-protected",
            CreatedAt = app.Clock.GetUtcNow(),
        };
        await using var db = await app.DbAsync();
        db.Networks.Add(network);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return network;
    }

    /// <summary>A group owned by <paramref name="ownerId"/> with the owner and <paramref name="members"/> as members.</summary>
    public static async Task<Group> CreateGroupAsync(this DatawizApp app, Guid ownerId, params Guid[] members)
    {
        var group = new Group { Id = Guid.NewGuid(), Name = $"Group {Guid.NewGuid().ToString("N")[..8]}", OwnerId = ownerId, CreatedAt = app.Clock.GetUtcNow() };
        group.Members.AddRange(members.Prepend(ownerId).Distinct().Select(id => new GroupMember { GroupId = group.Id, UserId = id, JoinedAt = app.Clock.GetUtcNow() }));
        await using var db = await app.DbAsync();
        db.Groups.Add(group);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return group;
    }

    /// <summary>Puts the user into a new class that allows <paramref name="maxSensors"/> sensors.</summary>
    public static async Task<UserClass> LimitSensorsAsync(this DatawizApp app, Guid userId, int maxSensors)
    {
        var userClass = UserClass.Standard();
        userClass.Name = $"Tiny {Guid.NewGuid().ToString("N")[..8]}";
        userClass.MaxSensors = maxSensors;
        userClass.IsDefault = false;
        await using var db = await app.DbAsync();
        db.UserClasses.Add(userClass);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.UserClassId, userClass.Id), TestContext.Current.CancellationToken);
        return userClass;
    }

    /// <summary>Puts the user into a new class that allows <paramref name="maxConnected"/> sensors connected at once.</summary>
    public static async Task<UserClass> LimitConnectedSensorsAsync(this DatawizApp app, Guid userId, int maxConnected)
    {
        var userClass = UserClass.Standard();
        userClass.Name = $"Few {Guid.NewGuid().ToString("N")[..8]}";
        userClass.MaxConnectedSensors = maxConnected;
        userClass.IsDefault = false;
        await using var db = await app.DbAsync();
        db.UserClasses.Add(userClass);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.UserClassId, userClass.Id), TestContext.Current.CancellationToken);
        return userClass;
    }

    /// <summary>A sensor of a new approved type without variables, optionally shared with a group.</summary>
    public static async Task<Guid> InsertSensorAsync(this DatawizApp app, Guid ownerId, Guid? networkId = null, Guid? sharedWithGroup = null)
    {
        var type = await app.CreateSensorTypeAsync(name: $"Test type {Guid.NewGuid().ToString("N")[..8]}", variables: []);
        await using var db = await app.DbAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
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
            CreatedAt = app.Clock.GetUtcNow(),
        };
        if (sharedWithGroup is { } groupId)
        {
            sensor.Shares.Add(new SensorShare { SensorId = sensor.Id, GroupId = groupId });
        }
        db.Sensors.Add(sensor);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return sensor.Id;
    }
}
