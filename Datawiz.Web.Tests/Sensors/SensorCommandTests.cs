using Datawiz.Domain.Audit;
using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Audit;
using Datawiz.Infrastructure.Persistence;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Web.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace Datawiz.Web.Tests.Sensors;

public sealed class SensorCommandTestsOnSqlite(SqliteApp app) : SensorCommandTests(app), IClassFixture<SqliteApp>;

public sealed class SensorCommandTestsOnPostgres(PostgresApp app) : SensorCommandTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Commands through the real service and broker: what the owner sends reaches a real MQTT client subscribed as that
/// sensor on its command topic, and no other sensor; what the type does not declare, or a viewer may not send, is
/// refused and nothing is published.
/// </summary>
public abstract class SensorCommandTests(DatawizApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private SensorCommands Commands => app.Services.GetRequiredService<SensorCommands>();

    [Fact]
    public async Task An_owners_command_reaches_the_sensor_on_its_command_topic_and_no_other_sensor()
    {
        var owner = await app.NewActorAsync();
        var type = await SwitchTypeAsync();
        var sensor = await NewSwitchAsync(owner, type);
        var sibling = await NewSwitchAsync(owner, type);
        using var device = await app.ConnectSensorAsync(sensor);
        var deviceInbox = device.Inbox();
        using var other = await app.ConnectSensorAsync(sibling);
        var otherInbox = other.Inbox();

        var own = await device.SubscribeAsync($"{sensor.Topic}/cmnd/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        var siblings = await other.SubscribeAsync($"{sibling.Topic}/cmnd/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        var foreign = await other.SubscribeAsync($"{sensor.Topic}/cmnd/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);
        var sent = await Commands.SendAsync(owner, sensor.Credentials.SensorId, "power", "on", Token);
        // Sent after the first: once the sibling has its own, it would have had the first too.
        var marker = await Commands.SendAsync(owner, sibling.Credentials.SensorId, "POWER", "OFF", Token);
        await Poll.UntilAsync(() => Task.FromResult(otherInbox.Contains($"{sibling.Topic}/cmnd/POWER", "OFF")), Patience, "the sibling's own command");
        await Poll.UntilAsync(() => Task.FromResult(deviceInbox.Contains($"{sensor.Topic}/cmnd/POWER", "ON")), Patience, "the command");

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, siblings.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, foreign.Items.Single().ResultCode);
        Assert.True(sent.Succeeded, sent.Message);
        Assert.True(marker.Succeeded, marker.Message);
        var received = Assert.Single(Snapshot(deviceInbox));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, received.QualityOfServiceLevel);
        Assert.False(received.Retain);
        Assert.Equal(["OFF"], Snapshot(otherInbox).Select(m => m.PayloadText()));
        var entry = Assert.Single(await AuditAsync(sensor.Credentials.SensorId));
        Assert.Equal(owner.UserId, entry.ActorId);
        Assert.Contains("POWER ON", entry.Summary);
        Assert.Contains($"{sensor.Topic}/cmnd/POWER", entry.Summary);
    }

    [Fact]
    public async Task An_undeclared_command_or_payload_is_refused_with_the_reason_and_nothing_is_published()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NewSwitchAsync(owner, await SwitchTypeAsync());
        var plain = await app.NewSensorAsync(owner);
        using var device = await app.ConnectSensorAsync(sensor);
        var inbox = device.Inbox();
        await device.SubscribeAsync($"{sensor.Topic}/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);

        var command = await Commands.SendAsync(owner, sensor.Credentials.SensorId, "BLINK", "ON", Token);
        var payload = await Commands.SendAsync(owner, sensor.Credentials.SensorId, "POWER", "BLINK", Token);
        var wildcard = await Commands.SendAsync(owner, sensor.Credentials.SensorId, "POWER/#", "ON", Token);
        var none = await Commands.SendAsync(owner, plain.Credentials.SensorId, "POWER", "ON", Token);
        await Commands.SendAsync(owner, sensor.Credentials.SensorId, "POWER", "TOGGLE", Token);
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{sensor.Topic}/cmnd/POWER", "TOGGLE")), Patience, "the marker command");

        Assert.Equal(OutcomeKind.Invalid, command.Kind);
        Assert.Contains("declares no command 'BLINK' (it declares POWER)", command.Message);
        Assert.Equal(OutcomeKind.Invalid, payload.Kind);
        Assert.Contains("The command POWER takes ON, OFF, TOGGLE, not 'BLINK'; nothing was sent.", payload.Message);
        Assert.Equal(OutcomeKind.Invalid, wildcard.Kind);
        Assert.Equal(OutcomeKind.Invalid, none.Kind);
        Assert.Contains("declares no commands", none.Message);
        Assert.Equal(["TOGGLE"], Snapshot(inbox).Select(m => m.PayloadText()));
        Assert.Single(await AuditAsync(sensor.Credentials.SensorId));
        Assert.Empty(await AuditAsync(plain.Credentials.SensorId));
    }

    [Fact]
    public async Task A_group_member_is_refused_a_stranger_is_told_not_found_and_an_administrator_may_send()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var stranger = await app.NewActorAsync();
        var admin = await app.ConfiguredAdminAsync();
        var sensor = await NewSwitchAsync(owner, await SwitchTypeAsync());
        var group = await app.CreateGroupAsync(owner.UserId, member.UserId);
        var shared = await app.Services.GetRequiredService<SensorSharing>().SetGroupsAsync(owner, sensor.Credentials.SensorId, [group.Id], Token);
        Assert.True(shared.Succeeded, shared.Message);
        using var device = await app.ConnectSensorAsync(sensor);
        var inbox = device.Inbox();
        await device.SubscribeAsync($"{sensor.Topic}/cmnd/#", MqttQualityOfServiceLevel.AtLeastOnce, Token);

        var byMember = await Commands.SendAsync(member, sensor.Credentials.SensorId, "POWER", "ON", Token);
        var byStranger = await Commands.SendAsync(stranger, sensor.Credentials.SensorId, "POWER", "ON", Token);
        var memberView = (await Commands.GetAsync(member, sensor.Credentials.SensorId, Token)).Expect();
        var strangerView = await Commands.GetAsync(stranger, sensor.Credentials.SensorId, Token);
        var byAdmin = await Commands.SendAsync(admin, sensor.Credentials.SensorId, "POWER", "OFF", Token);
        await Poll.UntilAsync(() => Task.FromResult(inbox.Contains($"{sensor.Topic}/cmnd/POWER", "OFF")), Patience, "the administrator's command");

        Assert.Equal(OutcomeKind.Invalid, byMember.Kind);
        Assert.Contains("is shared with you read-only: only its owner can send it commands.", byMember.Message);
        Assert.Equal(OutcomeKind.NotFound, byStranger.Kind);
        Assert.Equal(OutcomeKind.NotFound, strangerView.Kind);
        Assert.False(memberView.MaySend);
        Assert.Equal(byMember.Message, memberView.WhyNot);
        Assert.Equal("POWER", Assert.Single(memberView.Commands).Command.Name);
        Assert.True(byAdmin.Succeeded, byAdmin.Message);
        Assert.Equal(["OFF"], Snapshot(inbox).Select(m => m.PayloadText()));
        var entry = Assert.Single(await AuditAsync(sensor.Credentials.SensorId), e => e.Action == AuditAction.Command);
        Assert.Equal(admin.UserId, entry.ActorId);
    }

    [Fact]
    public async Task The_owner_sees_the_commands_with_their_topic_and_the_state_the_device_reported()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NewSwitchAsync(owner, await SwitchTypeAsync());
        var before = (await Commands.GetAsync(owner, sensor.Credentials.SensorId, Token)).Expect();
        using var device = await app.ConnectSensorAsync(sensor);

        await device.PublishStringAsync($"{sensor.Topic}/stat/POWER", "ON", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: Token);
        SensorCommandsView? after = null;
        await Poll.UntilAsync(async () =>
        {
            after = (await Commands.GetAsync(owner, sensor.Credentials.SensorId, Token)).Expect();
            return after.Commands.Single().State is not null;
        }, Patience, "the reported state");

        Assert.True(before.MaySend);
        var command = Assert.Single(before.Commands);
        Assert.Equal($"{sensor.Topic}/cmnd/POWER", command.Topic);
        Assert.Null(command.State);
        Assert.Equal("ON", after!.Commands.Single().State!.Text);
    }

    [Fact]
    public async Task Without_the_broker_a_command_is_refused_saying_so_and_not_audited()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NewSwitchAsync(owner, await SwitchTypeAsync());
        var withoutBroker = new SensorCommands(
            app.Services.GetRequiredService<IDbContextFactory<DatawizDbContext>>(), app.Services.GetRequiredService<AuditTrail>(), NullLogger<SensorCommands>.Instance);

        var sent = await withoutBroker.SendAsync(owner, sensor.Credentials.SensorId, "POWER", "ON", Token);
        var view = (await withoutBroker.GetAsync(owner, sensor.Credentials.SensorId, Token)).Expect();

        Assert.Equal(OutcomeKind.Invalid, sent.Kind);
        Assert.Contains("MQTT broker is switched off (Mqtt:Enabled is false)", sent.Message);
        Assert.False(view.MaySend);
        Assert.Contains("switched off", view.WhyNot);
        Assert.Empty(await AuditAsync(sensor.Credentials.SensorId));
    }

    /// <summary>A Sonoff Basic with Tasmota, as the thesis used it.</summary>
    private async Task<SensorType> SwitchTypeAsync()
    {
        var type = await app.CreateSensorTypeAsync(name: $"Sonoff Basic {Guid.NewGuid().ToString("N")[..8]}", variables: []);
        await using var db = await app.DbAsync();
        var stored = await db.SensorTypes.FirstAsync(t => t.Id == type.Id, Token);
        stored.Commands = [new SensorCommand { Name = "POWER", Label = "Power", Payloads = ["ON", "OFF", "TOGGLE"], StateField = "power" }];
        await db.SaveChangesAsync(Token);
        return stored;
    }

    private async Task<TestSensor> NewSwitchAsync(Actor owner, SensorType type)
    {
        var created = await app.Services.GetRequiredService<SensorService>().CreateAsync(owner, new SensorInput
        {
            Name = $"Switch {Guid.NewGuid().ToString("N")[..6]}",
            SensorTypeId = type.Id,
        }, Token);
        return new TestSensor(owner, created.Expect());
    }

    private async Task<List<AuditEntry>> AuditAsync(Guid sensorId)
    {
        await using var db = await app.DbAsync();
        var id = sensorId.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id && a.Action == AuditAction.Command).ToListAsync(Token);
    }

    private static List<MqttApplicationMessage> Snapshot(List<MqttApplicationMessage> inbox)
    {
        lock (inbox)
        {
            return [.. inbox];
        }
    }
}
