using Datawiz.Infrastructure.Telemetry;

namespace Datawiz.Web.Tests.Telemetry;

/// <summary>What a view gets between two of its updates, however often its sensors publish.</summary>
public sealed class ReadingsCoalescerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_thousand_commits_between_two_updates_become_one_update_per_sensor_with_the_newest_values_last()
    {
        var coalescer = new ReadingsCoalescer();
        var (kitchen, hall) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 1000; i++)
        {
            coalescer.Add(new CommittedReadings(kitchen, [new("temperature", Start.AddMilliseconds(i), i), new("humidity", Start.AddMilliseconds(i), 1000 + i)]));
        }
        coalescer.Add(new CommittedReadings(hall, [new("temperature", Start, 19.5)]));

        var updates = coalescer.Take();

        Assert.Equal(2, updates.Count);
        var kitchenUpdate = Assert.Single(updates, u => u.SensorId == kitchen);
        Assert.Equal(new TimedValue(Start.AddMilliseconds(999), 999), kitchenUpdate.Latest("temperature"));
        Assert.Equal(new TimedValue(Start.AddMilliseconds(999), 1999), kitchenUpdate.Latest("humidity"));
        // Bounded: the oldest are dropped, the newest kept in order.
        var temperatures = kitchenUpdate.Fields["temperature"];
        Assert.Equal(ReadingsCoalescer.MaxValuesPerField, temperatures.Count);
        Assert.Equal(Enumerable.Range(1000 - ReadingsCoalescer.MaxValuesPerField, ReadingsCoalescer.MaxValuesPerField).Select(i => (double)i), temperatures.Select(v => v.Value));
        Assert.Equal(new TimedValue(Start, 19.5), Assert.Single(updates, u => u.SensorId == hall).Latest("temperature"));
        Assert.Null(kitchenUpdate.Latest("pressure"));
    }

    [Fact]
    public void After_an_update_only_what_arrives_later_is_handed_over()
    {
        var coalescer = new ReadingsCoalescer();
        var sensor = Guid.NewGuid();
        coalescer.Add(new CommittedReadings(sensor, [new("temperature", Start, 20)]));
        Assert.Single(coalescer.Take());

        Assert.Empty(coalescer.Take());

        coalescer.Add(new CommittedReadings(sensor, [new("temperature", Start.AddSeconds(1), 21)]));
        var update = Assert.Single(coalescer.Take());
        Assert.Equal([new TimedValue(Start.AddSeconds(1), 21)], update.Fields["temperature"]);
    }
}
