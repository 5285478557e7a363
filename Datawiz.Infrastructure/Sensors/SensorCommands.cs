using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Datawiz.Infrastructure.Sensors;

/// <summary>The newest reading of a command's state field, as the command's payload it stands for (ON, OFF) or the number.</summary>
public sealed record SensorCommandState(string Text, DateTimeOffset At);

/// <summary>One command of a sensor's type, with the topic it is published to and the state last reported.</summary>
public sealed record SensorCommandView(SensorCommand Command, string Topic, SensorCommandState? State);

/// <summary>What a sensor's page offers to send.</summary>
/// <param name="WhyNot">Why the viewer may not send (shared read-only, no broker); null when he may.</param>
public sealed record SensorCommandsView(IReadOnlyList<SensorCommandView> Commands, string? WhyNot)
{
    public bool MaySend => WhyNot is null;
}

/// <summary>
/// Sends the commands a sensor's type declares (Tasmota's <c>cmnd/POWER ON</c>) through the embedded broker to that
/// sensor's command topic, for its owner or an administrator. Members of the groups it is shared with see the commands
/// and the state, read-only, as they see everything else of it.
/// </summary>
/// <param name="server">Null when the broker is switched off (<c>Mqtt:Enabled</c> false).</param>
public sealed class SensorCommands(
    IDbContextFactory<DatawizDbContext> contexts, AuditTrail audit, ILogger<SensorCommands> logger, MqttServer? server = null)
{
    /// <summary>
    /// How long a command may wait for its device: one queued for a persistent session of a device that is away is
    /// dropped after this, so a switch does not turn on hours later when the device comes back.
    /// </summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(1);

    private const string What = "The sensor";

    private const string BrokerOff = "The portal's MQTT broker is switched off (Mqtt:Enabled is false), so commands cannot reach devices.";

    public async Task<Outcome<SensorCommandsView>> GetAsync(Actor actor, Guid sensorId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await FindAsync(db, actor, sensorId, cancellationToken);
        if (sensor is null)
        {
            return Outcome<SensorCommandsView>.NotFound(What);
        }
        var commands = (await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == sensor.SensorTypeId, cancellationToken)).Commands;
        var stateFields = commands.Select(c => c.StateField).Where(f => f.Length > 0).ToList();
        var latest = stateFields.Count == 0
            ? []
            : await db.LatestReadings.AsNoTracking().Where(l => l.SensorId == sensorId).Select(l => new { l.Field, l.Value, l.Timestamp }).ToListAsync(cancellationToken);
        var views = commands.Select(command =>
        {
            // The parser names a reading by the type's field when one matches whatever its case, else as it came.
            var reading = command.StateField.Length == 0 ? null : latest.FirstOrDefault(l => l.Field.Equals(command.StateField, StringComparison.OrdinalIgnoreCase));
            var state = reading is null ? null : new SensorCommandState(command.StateText(reading.Value), reading.Timestamp);
            return new SensorCommandView(command, SensorCommand.CommandTopic(sensor.TopicPrefix, command.Name), state);
        }).ToList();
        return Outcome<SensorCommandsView>.Success(new SensorCommandsView(views, WhyNot(actor, sensor)));
    }

    /// <summary>
    /// Publishes <paramref name="payload"/> to the sensor's <c>cmnd/&lt;command&gt;</c> topic, QoS 1, not retained, and
    /// records it in the audit trail. Refused with the reason when the type does not declare the command or the payload,
    /// the viewer only shares the sensor, or there is no broker; not found when he may not see the sensor.
    /// </summary>
    public async Task<Outcome> SendAsync(Actor actor, Guid sensorId, string command, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sensor = await FindAsync(db, actor, sensorId, cancellationToken);
        if (sensor is null)
        {
            logger.LogWarning("User {UserId} tried to send a command to sensor {SensorId}, which they may not see", actor.UserId, sensorId);
            return Outcome.NotFound(What);
        }
        if (!actor.Owns(sensor.OwnerId))
        {
            return Outcome.Invalid(ReadOnly(sensor.Name));
        }
        var type = await db.SensorTypes.AsNoTracking().FirstAsync(t => t.Id == sensor.SensorTypeId, cancellationToken);
        if (SensorCommandRules.Find(type.Commands, command) is not { } declared)
        {
            return Outcome.Invalid(type.Commands.Count == 0
                ? $"The sensor type '{type.Name}' declares no commands; nothing was sent."
                : $"The sensor type '{type.Name}' declares no command '{Shorten(command)}' (it declares {string.Join(", ", type.Commands.Select(c => c.Name))}); nothing was sent.");
        }
        if (declared.DeclaredPayload(payload) is not { } declaredPayload)
        {
            return Outcome.Invalid($"The command {declared.Name} takes {string.Join(", ", declared.Payloads)}, not '{Shorten(payload)}'; nothing was sent.");
        }
        if (server is null)
        {
            return Outcome.Invalid(BrokerOff);
        }
        if (!server.IsStarted)
        {
            return Outcome.Invalid("The MQTT broker is still starting; send the command again in a moment.");
        }

        var topic = SensorCommand.CommandTopic(sensor.TopicPrefix, declared.Name);
        // Written before the publish: a command that goes out always has its entry, and one the database cannot record
        // does not go out. A publish that fails after it leaves an entry for a command that was not delivered.
        audit.Record(db, actor, AuditAction.Command, AuditEntities.Sensor, sensor.Id,
            $"Sent {declared.Name} {declaredPayload} to the sensor '{sensor.Name}' ({topic}).");
        await db.SaveChangesAsync(cancellationToken);

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(declaredPayload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(false)
            .WithMessageExpiryInterval((uint)Expiry.TotalSeconds)
            .Build();
        try
        {
            // No sender client id nor user name: the broker's publish check lets the portal's own messages through
            // (the topic ACL is the portal's rule above), and no connection's No Local option hides it.
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Publishing the command {Command} {Payload} to sensor {SensorId} failed", declared.Name, declaredPayload, sensor.Id);
            return Outcome.Invalid($"The broker could not publish {declared.Name} {declaredPayload}; try again.");
        }
        logger.LogInformation("{Actor} sent {Command} {Payload} to sensor {SensorId}", actor.UserId, declared.Name, declaredPayload, sensor.Id);
        return Outcome.Ok;
    }

    private string? WhyNot(Actor actor, SensorRow sensor) =>
        !actor.Owns(sensor.OwnerId) ? ReadOnly(sensor.Name)
        : server is null ? BrokerOff
        : null;

    private static string ReadOnly(string sensorName) =>
        $"'{sensorName}' is shared with you read-only: only its owner can send it commands.";

    private static Task<SensorRow?> FindAsync(DatawizDbContext db, Actor actor, Guid sensorId, CancellationToken cancellationToken) =>
        SensorAccess.VisibleTo(db, actor).AsNoTracking().Where(s => s.Id == sensorId)
            .Select(s => new SensorRow(s.Id, s.Name, s.OwnerId, s.SensorTypeId, s.TopicPrefix))
            .FirstOrDefaultAsync(cancellationToken);

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    private sealed record SensorRow(Guid Id, string Name, Guid OwnerId, Guid SensorTypeId, string TopicPrefix);
}
