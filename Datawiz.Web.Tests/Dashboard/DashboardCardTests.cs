using Bunit;
using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Dashboard;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Pages.Dashboard;
using Datawiz.Web.Components.Shared;
using Datawiz.Web.Components.Shared.Charts;
using Datawiz.Web.Tests.Components;

namespace Datawiz.Web.Tests.Dashboard;

/// <summary>What one dashboard card says: values with units, whose it is, online or not in words, and how long ago.</summary>
public sealed class DashboardCardTests : MudBlazorTestContext
{
    private static readonly DateTimeOffset SeenAt = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly TypeField[] Fields = [new("temperature", "Temperature", "°C"), new("humidity", "Humidity", "%")];

    private readonly BunitJSModuleInterop charts;

    public DashboardCardTests()
    {
        charts = JSInterop.SetupModule(LiveChart.ModulePath);
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("append", _ => true).SetVoidResult();
        charts.SetupVoid("configure", _ => true).SetVoidResult();
        charts.SetupVoid("dispose", _ => true).SetVoidResult();
    }

    private static DashboardCardData Data(
        bool shared = false, DateTimeOffset? lastSeen = null, int? interval = null, bool pinned = false, IReadOnlyList<TimedValue>? sparkline = null) =>
        new(Guid.NewGuid(), "Balcony", "DHT11", ["garden"], shared, shared ? "Ada Lovelace" : null, lastSeen, interval, pinned, Fields,
            [
                new LatestValue("temperature", "Temperature", "°C", 21.5, SeenAt, true),
                new LatestValue("humidity", "Humidity", "%", 40, SeenAt, true),
                new LatestValue("rssi", "rssi", "", -61, SeenAt, false),
            ],
            sparkline ?? []);

    private IRenderedComponent<DashboardCard> RenderCard(LiveCard card, DateTimeOffset now) =>
        RenderMud<DashboardCard>(p => p.Add(c => c.Card, card).Add(c => c.Now, now));

    [Fact]
    public void Shows_each_latest_value_with_its_unit_type_fields_first_the_type_and_a_link_to_the_sensor()
    {
        var data = Data(lastSeen: SeenAt);
        var card = RenderCard(new LiveCard(data), SeenAt.AddSeconds(3));

        Assert.Equal(["21.5 °C", "40 %", "-61"], card.FindAll("[data-testid=dashboard-card-value-text]").Select(e => e.TextContent));
        Assert.Equal(["Temperature", "Humidity", "rssi"], card.FindAll("[data-testid=dashboard-card-value] dt").Select(e => e.TextContent));
        Assert.Equal("DHT11", card.Find("[data-testid=dashboard-card-type]").TextContent);
        Assert.Equal($"/sensors/{data.Id}", card.Find("[data-testid=dashboard-card-name]").GetAttribute("href"));
        Assert.Empty(card.FindAll("[data-testid=dashboard-card-shared]"));
    }

    [Fact]
    public void A_shared_sensor_says_whose_it_is()
    {
        var card = RenderCard(new LiveCard(Data(shared: true, lastSeen: SeenAt)), SeenAt);

        Assert.Equal("shared by Ada Lovelace", card.Find("[data-testid=dashboard-card-shared]").TextContent.Trim());
    }

    [Fact]
    public void Online_turns_offline_in_words_after_two_expected_intervals_and_the_ago_ticks_with_the_pages_clock()
    {
        var live = new LiveCard(Data(lastSeen: SeenAt, interval: 10));
        var card = RenderCard(live, SeenAt.AddSeconds(12));

        Assert.Equal("online", card.Find("[data-testid=dashboard-card-presence]").TextContent.Trim());
        Assert.Equal("12 s ago", card.Find("[data-testid=dashboard-card-ago]").TextContent);
        Assert.Contains("sends every 10 s", card.Find("[data-testid=dashboard-card-last-seen]").TextContent, StringComparison.Ordinal);

        card.Render(p => p.Add(c => c.Now, SeenAt.AddSeconds(21)));
        Assert.Equal("offline", card.Find("[data-testid=dashboard-card-presence]").TextContent.Trim());
        Assert.Equal("21 s ago", card.Find("[data-testid=dashboard-card-ago]").TextContent);

        card.Render(p => p.Add(c => c.Now, SeenAt.AddMinutes(5)));
        Assert.Equal("5 min ago", card.Find("[data-testid=dashboard-card-ago]").TextContent);
    }

    [Fact]
    public void A_sensor_never_seen_says_so_with_its_default_interval()
    {
        var card = RenderCard(new LiveCard(Data() with { Latest = [] }), SeenAt);

        Assert.Equal("never seen", card.Find("[data-testid=dashboard-card-presence]").TextContent.Trim());
        Assert.Contains("Nothing received yet; expected every 5 min", card.Find("[data-testid=dashboard-card-last-seen]").TextContent, StringComparison.Ordinal);
        Assert.Equal("No reading stored yet.", card.Find("[data-testid=dashboard-card-no-values]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=dashboard-card-ago]"));
    }

    [Fact]
    public void A_live_update_changes_the_value_last_seen_and_online_and_extends_the_sparkline_of_the_main_field()
    {
        var start = new TimedValue(SeenAt.AddMinutes(-3), 20);
        var live = new LiveCard(Data(lastSeen: SeenAt, interval: 10, sparkline: [start]));
        var card = RenderCard(live, SeenAt.AddMinutes(2));
        Assert.Equal("offline", card.Find("[data-testid=dashboard-card-presence]").TextContent.Trim());

        var create = charts.VerifyInvoke("create");
        var options = Assert.IsType<TimeChartOptions>(create.Arguments[1]);
        Assert.True(options.Sparkline);
        Assert.Equal([new ChartSeries("temperature", "Temperature", "°C")], options.Series);
        Assert.Equal(DashboardCards.SparklineWindow.TotalSeconds, options.WindowSeconds);
        Assert.Equal([start.Timestamp.ToUnixTimeMilliseconds(), 20], Assert.Single(Assert.Single(Assert.IsType<TimeChartPoints[]>(create.Arguments[2])).Points));
        Assert.Equal("Temperature of Balcony over the last hour", card.Find("[data-testid=dashboard-card-sparkline-canvas]").GetAttribute("aria-label"));

        var committed = SeenAt.AddMinutes(2);
        live.Apply(new SensorUpdate(live.Id, new Dictionary<string, IReadOnlyList<TimedValue>>
        {
            ["temperature"] = [new TimedValue(committed.AddMilliseconds(-100), 23.25)],
            ["humidity"] = [new TimedValue(committed.AddMilliseconds(-100), 38)],
        }), committed);
        card.Render(p => p.Add(c => c.Now, committed.AddSeconds(1)));

        Assert.Equal(["23.25 °C", "38 %", "-61"], card.FindAll("[data-testid=dashboard-card-value-text]").Select(e => e.TextContent));
        Assert.Equal("online", card.Find("[data-testid=dashboard-card-presence]").TextContent.Trim());
        Assert.Equal("1 s ago", card.Find("[data-testid=dashboard-card-ago]").TextContent);
        var appended = Assert.Single(Assert.IsType<TimeChartPoints[]>(charts.VerifyInvoke("append").Arguments[1]));
        Assert.Equal("temperature", appended.Key);
        Assert.Equal(23.25, Assert.Single(appended.Points)[1]);
        // Handed over once: the next render appends nothing more.
        card.Render(p => p.Add(c => c.Now, committed.AddSeconds(2)));
        Assert.Single(charts.Invocations["append"]);
    }

    [Fact]
    public void The_pin_button_names_the_sensor_and_says_whether_it_is_pinned()
    {
        bool? asked = null;
        var card = RenderMud<DashboardCard>(p => p
            .Add(c => c.Card, new LiveCard(Data()))
            .Add(c => c.Now, SeenAt)
            .Add(c => c.OnPinChanged, pin => asked = pin));

        var pin = card.Find("[data-testid=dashboard-card-pin]");
        Assert.Equal("Pin Balcony", pin.GetAttribute("aria-label"));
        Assert.Equal("false", pin.GetAttribute("aria-pressed"));
        Assert.Empty(card.FindAll("[data-testid=dashboard-card-up]"));
        pin.Click();
        Assert.True(asked);

        var pinned = RenderMud<DashboardCard>(p => p.Add(c => c.Card, new LiveCard(Data(pinned: true))).Add(c => c.Now, SeenAt).Add(c => c.CanMoveDown, true));
        Assert.Equal("Unpin Balcony", pinned.Find("[data-testid=dashboard-card-pin]").GetAttribute("aria-label"));
        Assert.True(pinned.Find("[data-testid=dashboard-card-up]").HasAttribute("disabled"));
        Assert.False(pinned.Find("[data-testid=dashboard-card-down]").HasAttribute("disabled"));
    }

    [Fact]
    public void Ago_counts_seconds_in_the_first_minute_and_durations_read_in_units()
    {
        Assert.Equal("0 s ago", TimeText.Ago(SeenAt, SeenAt, TimeZoneInfo.Utc));
        Assert.Equal("59 s ago", TimeText.Ago(SeenAt, SeenAt.AddSeconds(59.9), TimeZoneInfo.Utc));
        Assert.Equal("1 min ago", TimeText.Ago(SeenAt, SeenAt.AddSeconds(60), TimeZoneInfo.Utc));
        Assert.Equal("in 2 min", TimeText.Ago(SeenAt.AddMinutes(2), SeenAt, TimeZoneInfo.Utc));
        Assert.Equal("30 s", TimeText.Duration(TimeSpan.FromSeconds(30)));
        Assert.Equal("5 min", TimeText.Duration(TimeSpan.FromMinutes(5)));
        Assert.Equal("1 h 30 min", TimeText.Duration(TimeSpan.FromMinutes(90)));
        Assert.Equal("1 day", TimeText.Duration(TimeSpan.FromSeconds(SensorPresence.MaxIntervalSeconds)));
    }

    [Theory]
    [InlineData(null, 599, Presence.Online)]
    [InlineData(null, 600, Presence.Online)]
    [InlineData(null, 601, Presence.Offline)]
    [InlineData(5, 10, Presence.Online)]
    [InlineData(5, 11, Presence.Offline)]
    public void A_sensor_is_online_within_two_expected_intervals_of_its_last_message(int? interval, int secondsSince, Presence expected)
    {
        Assert.Equal(expected, SensorPresence.Of(SeenAt, interval, SeenAt.AddSeconds(secondsSince)));
        Assert.Equal(Presence.NeverSeen, SensorPresence.Of(null, interval, SeenAt));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(5, true)]
    [InlineData(86_400, true)]
    [InlineData(4, false)]
    [InlineData(86_401, false)]
    public void The_expected_interval_is_five_seconds_to_a_day_or_the_default(int? seconds, bool accepted)
    {
        Assert.Equal(accepted, SensorPresence.IntervalError(seconds) is null);
    }
}
