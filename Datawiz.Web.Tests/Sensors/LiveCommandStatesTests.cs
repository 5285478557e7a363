using Datawiz.Domain.Sensors;
using Datawiz.Infrastructure.Sensors;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Components.Pages.Sensors;

namespace Datawiz.Web.Tests.Sensors;

/// <summary>The command states a sensor page shows: the stored one first, then the live feed's, the newer winning.</summary>
public sealed class LiveCommandStatesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly SensorCommandView Power = new(
        new SensorCommand { Name = "POWER", Payloads = ["ON", "OFF", "TOGGLE"], StateField = "power" }, "t/cmnd/POWER", new SensorCommandState("ON", Start));

    private static SensorUpdate Update(string field, params (double Value, DateTimeOffset At)[] values) =>
        new(Guid.NewGuid(), new Dictionary<string, IReadOnlyList<TimedValue>> { [field] = [.. values.Select(v => new TimedValue(v.At, v.Value))] });

    [Fact]
    public void A_live_reading_of_the_state_field_replaces_the_stored_state()
    {
        var states = new LiveCommandStates();
        states.Merge([Power]);

        var changed = states.Apply([Power], Update("Power", (1, Start.AddSeconds(1)), (0, Start.AddSeconds(2))));

        Assert.True(changed);
        Assert.Equal(new SensorCommandState("OFF", Start.AddSeconds(2)), states.Of(Power));
    }

    [Fact]
    public void An_older_read_or_another_field_changes_nothing()
    {
        var states = new LiveCommandStates();
        states.Apply([Power], Update("power", (0, Start.AddMinutes(1))));

        states.Merge([Power]);
        var other = states.Apply([Power], Update("temperature", (1, Start.AddMinutes(2))));

        Assert.False(other);
        Assert.Equal("OFF", states.Of(Power)!.Text);
    }
}
