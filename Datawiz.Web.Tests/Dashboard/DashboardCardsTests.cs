using Datawiz.Domain.Common;
using Datawiz.Domain.Sensors;
using Datawiz.Domain.Telemetry;
using Datawiz.Domain.Telemetry.History;
using Datawiz.Infrastructure.Dashboard;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Tests.Harness;
using Datawiz.Web.Tests.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Dashboard;

public sealed class DashboardCardsTestsOnSqlite(SqliteApp app) : DashboardCardsTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardCardsTestsOnPostgres(PostgresApp app) : DashboardCardsTests(app), IClassFixture<PostgresApp>;

/// <summary>The dashboard's cards and pins, read and changed through the services as the page does, on real readings.</summary>
public abstract class DashboardCardsTests(DatawizApp app)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DashboardCards Cards => app.Services.GetRequiredService<DashboardCards>();

    private DashboardPins Pins => app.Services.GetRequiredService<DashboardPins>();

    private static SensorQuery Query(int page = 0, int size = 25, string? search = null, string? sortBy = null, bool descending = false, Guid? type = null, string? tag = null) =>
        new(new PageRequest(page, size, search, sortBy, descending), type, tag);

    private async Task<List<DashboardCardData>> CardsOfAsync(Actor actor, SensorQuery? query = null) =>
        [.. (await Cards.ListAsync(actor, query ?? Query(), Token)).Items];

    [Fact]
    public async Task A_person_sees_his_own_sensors_and_those_shared_with_his_groups_marked_with_the_owner_and_nobody_elses()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var stranger = await app.NewActorAsync();
        var shared = await NamedSensorAsync(owner, "Shared balcony");
        var kept = await NamedSensorAsync(owner, "Kept cellar");
        var own = await NamedSensorAsync(member, "Member kitchen");
        var group = await app.CreateGroupAsync(owner.UserId, member.UserId);
        await app.CreateGroupAsync(owner.UserId, stranger.UserId);
        await ShareAsync(shared.Sender.SensorId, group.Id);
        var ownerName = await app.QueryAsync(db => db.Users.Where(u => u.Id == owner.UserId).Select(u => u.DisplayName).FirstAsync(Token));

        var memberCards = await CardsOfAsync(member);

        Assert.Equal(["Member kitchen", "Shared balcony"], memberCards.Select(c => c.Name));
        Assert.False(memberCards[0].Shared);
        Assert.Null(memberCards[0].OwnerName);
        Assert.True(memberCards[1].Shared);
        Assert.Equal(ownerName, memberCards[1].OwnerName);
        Assert.Equal(["Kept cellar", "Shared balcony"], (await CardsOfAsync(owner)).Select(c => c.Name));
        Assert.Empty(await CardsOfAsync(stranger));
        // An administrator's dashboard is his own too: everyone's sensors are under Sensors.
        Assert.DoesNotContain((await CardsOfAsync(await app.ConfiguredAdminAsync())), c => c.Id == kept.Sender.SensorId || c.Id == own.Sender.SensorId);
        Assert.Empty((await Cards.FilterOptionsAsync(stranger, Token)).Types);
        Assert.Equal(2, (await Cards.FilterOptionsAsync(member, Token)).Types.Count);
    }

    [Fact]
    public async Task Cards_carry_the_latest_value_per_field_with_label_and_unit_type_fields_first()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NamedSensorAsync(owner, "Balcony");
        Assert.Equal(IngestionStatus.Stored, (await app.Ingestion().IngestAsync(app.Message(sensor, """{"zeta":3,"humidity":40,"temperature":21.5}"""), Token)).Status);
        await app.WriteTelemetrySummaryAsync();

        var card = Assert.Single(await CardsOfAsync(owner));

        Assert.Equal(
            [("temperature", "Temperature", "°C", 21.5), ("humidity", "Humidity", "%", 40.0), ("zeta", "zeta", "", 3.0)],
            card.Latest.Select(v => (v.Field, v.Label, v.Unit, v.Value)));
        Assert.Equal("temperature", card.MainField?.Key);
        Assert.NotNull(card.LastSeenAt);
        Assert.Equal(SensorPresence.DefaultExpectedInterval, card.ExpectedInterval);
    }

    [Fact]
    public async Task Search_by_name_or_tag_filters_by_type_and_tag_sorts_by_name_or_last_seen_and_pages()
    {
        var owner = await app.NewActorAsync();
        var now = app.Clock.GetUtcNow();
        var alpha = await NamedSensorAsync(owner, "Alpha", ["garden"], lastSeen: now.AddMinutes(-30));
        var bravo = await NamedSensorAsync(owner, "Bravo", ["cellar"], lastSeen: now.AddMinutes(-1));
        await NamedSensorAsync(owner, "Charlie", ["garden", "roof"]);
        var alphaType = await app.QueryAsync(db => db.Sensors.Where(s => s.Id == alpha.Sender.SensorId).Select(s => s.SensorTypeId).FirstAsync(Token));

        Assert.Equal(["Bravo"], (await CardsOfAsync(owner, Query(search: "RAV"))).Select(c => c.Name));
        Assert.Equal(["Alpha", "Charlie"], (await CardsOfAsync(owner, Query(search: "gard"))).Select(c => c.Name));
        Assert.Equal(["Alpha", "Charlie"], (await CardsOfAsync(owner, Query(tag: "Garden"))).Select(c => c.Name));
        Assert.Equal(["Alpha"], (await CardsOfAsync(owner, Query(type: alphaType))).Select(c => c.Name));
        Assert.Empty(await CardsOfAsync(owner, Query(search: "nothing like it")));
        Assert.Equal(["Charlie", "Bravo", "Alpha"], (await CardsOfAsync(owner, Query(sortBy: DashboardSort.Name, descending: true))).Select(c => c.Name));
        // Most recently seen first; never seen last.
        Assert.Equal(["Bravo", "Alpha", "Charlie"], (await CardsOfAsync(owner, Query(sortBy: DashboardSort.LastSeen, descending: true))).Select(c => c.Name));
        Assert.Equal(["Charlie", "Alpha", "Bravo"], (await CardsOfAsync(owner, Query(sortBy: DashboardSort.LastSeen))).Select(c => c.Name));

        var second = await Cards.ListAsync(owner, Query(page: 1, size: 2), Token);
        Assert.Equal(3, second.TotalCount);
        Assert.Equal(["Charlie"], second.Items.Select(c => c.Name));
        Assert.Equal(bravo.Sender.SensorId, (await CardsOfAsync(owner, Query(page: 0, size: 2))).Last().Id);
    }

    [Fact]
    public async Task Pinned_sensors_come_first_in_the_persons_order_whatever_the_sort_and_move_up_and_down()
    {
        var owner = await app.NewActorAsync();
        var a = await NamedSensorAsync(owner, "A");
        var b = await NamedSensorAsync(owner, "B");
        var c = await NamedSensorAsync(owner, "C");
        await NamedSensorAsync(owner, "D");

        Assert.True((await Pins.PinAsync(owner, c.Sender.SensorId, Token)).Succeeded);
        Assert.True((await Pins.PinAsync(owner, b.Sender.SensorId, Token)).Succeeded);
        Assert.True((await Pins.PinAsync(owner, c.Sender.SensorId, Token)).Succeeded);

        var cards = await CardsOfAsync(owner);
        Assert.Equal(["C", "B", "A", "D"], cards.Select(x => x.Name));
        Assert.Equal([true, true, false, false], cards.Select(x => x.Pinned));
        Assert.Equal(["C", "B", "D", "A"], (await CardsOfAsync(owner, Query(sortBy: DashboardSort.Name, descending: true))).Select(x => x.Name));

        Assert.True((await Pins.MoveAsync(owner, b.Sender.SensorId, -1, Token)).Succeeded);
        Assert.Equal(["B", "C", "A", "D"], (await CardsOfAsync(owner)).Select(x => x.Name));
        // The first cannot go higher; nothing changes.
        Assert.True((await Pins.MoveAsync(owner, b.Sender.SensorId, -1, Token)).Succeeded);
        Assert.Equal(["B", "C", "A", "D"], (await CardsOfAsync(owner)).Select(x => x.Name));
        Assert.True((await Pins.MoveAsync(owner, b.Sender.SensorId, 1, Token)).Succeeded);
        Assert.Equal(["C", "B", "A", "D"], (await CardsOfAsync(owner)).Select(x => x.Name));
        Assert.Equal(OutcomeKind.NotFound, (await Pins.MoveAsync(owner, a.Sender.SensorId, 1, Token)).Kind);

        Assert.True((await Pins.UnpinAsync(owner, c.Sender.SensorId, Token)).Succeeded);
        Assert.Equal(["B", "A", "C", "D"], (await CardsOfAsync(owner)).Select(x => x.Name));
    }

    [Fact]
    public async Task A_sensor_one_may_not_see_cannot_be_pinned_and_a_pin_of_one_no_longer_shared_is_forgotten()
    {
        var owner = await app.NewActorAsync();
        var member = await app.NewActorAsync();
        var sensor = await NamedSensorAsync(owner, "Shared");
        var group = await app.CreateGroupAsync(owner.UserId, member.UserId);

        Assert.Equal(OutcomeKind.NotFound, (await Pins.PinAsync(member, sensor.Sender.SensorId, Token)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Pins.PinAsync(member, Guid.NewGuid(), Token)).Kind);

        await ShareAsync(sensor.Sender.SensorId, group.Id);
        Assert.True((await Pins.PinAsync(member, sensor.Sender.SensorId, Token)).Succeeded);
        Assert.True(Assert.Single(await CardsOfAsync(member)).Pinned);

        await using (var db = await app.DbAsync())
        {
            await db.SensorShares.Where(s => s.SensorId == sensor.Sender.SensorId).ExecuteDeleteAsync(Token);
        }
        Assert.Empty(await CardsOfAsync(member));
        Assert.Equal(0, await app.QueryAsync(db => db.DashboardPins.CountAsync(p => p.UserId == member.UserId, Token)));

        // Shared again, it comes back as any other card, not pinned.
        await ShareAsync(sensor.Sender.SensorId, group.Id);
        Assert.False(Assert.Single(await CardsOfAsync(member)).Pinned);
        // The owner's own pins are untouched by any of it.
        Assert.True((await Pins.PinAsync(owner, sensor.Sender.SensorId, Token)).Succeeded);
        Assert.True(Assert.Single(await CardsOfAsync(owner)).Pinned);
    }

    [Fact]
    public async Task Online_offline_and_never_seen_follow_the_expected_interval()
    {
        var owner = await app.NewActorAsync();
        var now = app.Clock.GetUtcNow();
        // Every 10 s: online for 20 s after a message.
        await NamedSensorAsync(owner, "Fast fresh", lastSeen: now.AddSeconds(-15), interval: 10);
        await NamedSensorAsync(owner, "Fast quiet", lastSeen: now.AddSeconds(-25), interval: 10);
        // The default of 5 minutes: online for 10.
        await NamedSensorAsync(owner, "Default fresh", lastSeen: now.AddMinutes(-9));
        await NamedSensorAsync(owner, "Default quiet", lastSeen: now.AddMinutes(-11));
        await NamedSensorAsync(owner, "New");

        var presence = (await CardsOfAsync(owner)).ToDictionary(c => c.Name, c => SensorPresence.Of(c.LastSeenAt, c.ExpectedIntervalSeconds, now));

        Assert.Equal(Presence.Online, presence["Fast fresh"]);
        Assert.Equal(Presence.Offline, presence["Fast quiet"]);
        Assert.Equal(Presence.Online, presence["Default fresh"]);
        Assert.Equal(Presence.Offline, presence["Default quiet"]);
        Assert.Equal(Presence.NeverSeen, presence["New"]);
    }

    [Fact]
    public async Task The_sparkline_has_the_main_fields_per_minute_averages_of_the_last_hour_and_no_more_than_sixty_points()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NamedSensorAsync(owner, "Busy");
        var quiet = await NamedSensorAsync(owner, "Quiet");
        var now = app.Clock.GetUtcNow();
        var readings = new List<Reading>();
        // Two hours of readings every 20 s; humidity too, which the sparkline does not draw.
        for (var k = 0; k < 360; k++)
        {
            var at = now.AddSeconds(-20 * k).AddMilliseconds(-500);
            readings.Add(new Reading { SensorId = sensor.Sender.SensorId, Field = "temperature", Timestamp = at, Value = k });
            readings.Add(new Reading { SensorId = sensor.Sender.SensorId, Field = "humidity", Timestamp = at, Value = 1000 + k });
        }
        await using (var db = await app.DbAsync())
        {
            db.Readings.AddRange(readings);
            await db.SaveChangesAsync(Token);
        }

        var cards = await CardsOfAsync(owner);
        var line = cards.Single(c => c.Name == "Busy").Sparkline;

        Assert.InRange(line.Count, DashboardCards.MaxSparklinePoints - 1, DashboardCards.MaxSparklinePoints);
        Assert.True(line.Zip(line.Skip(1)).All(pair => pair.First.Timestamp < pair.Second.Timestamp));
        var first = HistoryBuckets.Floor(now, HistoryResolution.Minute, TimeZoneInfo.Utc) - DashboardCards.SparklineWindow + TimeSpan.FromMinutes(1);
        Assert.All(line, point => Assert.True(point.Timestamp >= first, $"{point.Timestamp:O} is older than the hour"));
        foreach (var point in line)
        {
            var minute = readings.Where(r => r.Field == "temperature" && r.Timestamp >= point.Timestamp && r.Timestamp < point.Timestamp.AddMinutes(1) && r.Timestamp >= first)
                .Select(r => r.Value).ToList();
            Assert.Equal(minute.Average(), point.Value, 6);
        }
        Assert.Empty(cards.Single(c => c.Name == "Quiet").Sparkline);
        Assert.Equal(quiet.Sender.SensorId, cards.Single(c => c.Name == "Quiet").Id);
    }

    [Fact]
    public async Task The_expected_interval_is_kept_from_the_form_and_one_out_of_range_is_refused_with_the_stored_one_kept()
    {
        var owner = await app.NewActorAsync();
        var sensor = await NamedSensorAsync(owner, "Interval");
        var service = app.Services.GetRequiredService<SensorService>();
        var input = (await service.GetAsync(owner, sensor.Sender.SensorId, Token)).Expect().ToInput();
        Assert.Null(input.ExpectedIntervalSeconds);

        input.ExpectedIntervalSeconds = 30;
        Assert.True((await service.UpdateAsync(owner, sensor.Sender.SensorId, input, Token)).Succeeded);
        Assert.Equal(30, (await service.GetAsync(owner, sensor.Sender.SensorId, Token)).Expect().ExpectedIntervalSeconds);
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.Single(await CardsOfAsync(owner)).ExpectedInterval);

        foreach (var refused in new[] { 4, 0, -1, SensorPresence.MaxIntervalSeconds + 1 })
        {
            input.ExpectedIntervalSeconds = refused;
            var outcome = await service.UpdateAsync(owner, sensor.Sender.SensorId, input, Token);
            Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
            Assert.Contains("expected interval must be from 5 seconds", outcome.Message, StringComparison.Ordinal);
        }
        Assert.Equal(30, (await service.GetAsync(owner, sensor.Sender.SensorId, Token)).Expect().ExpectedIntervalSeconds);
    }

    private async Task<TelemetrySensor> NamedSensorAsync(Actor owner, string name, string[]? tags = null, DateTimeOffset? lastSeen = null, int? interval = null)
    {
        var sensor = await app.NewTelemetrySensorAsync(owner);
        await using var db = await app.DbAsync();
        var stored = await db.Sensors.FirstAsync(s => s.Id == sensor.Sender.SensorId, Token);
        stored.Name = name;
        stored.Tags = [.. tags ?? []];
        stored.LastSeenAt = lastSeen;
        stored.ExpectedIntervalSeconds = interval;
        await db.SaveChangesAsync(Token);
        return sensor;
    }

    private async Task ShareAsync(Guid sensorId, Guid groupId)
    {
        await using var db = await app.DbAsync();
        db.SensorShares.Add(new SensorShare { SensorId = sensorId, GroupId = groupId });
        await db.SaveChangesAsync(Token);
    }
}
