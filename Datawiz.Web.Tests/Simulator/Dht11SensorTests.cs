using System.Text.Json;
using Datawiz.Simulator.Readings;

namespace Datawiz.Web.Tests.Simulator;

public sealed class Dht11SensorTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_reading_of_a_day_is_within_the_DHT11_ranges()
    {
        for (var index = 0; index < 20; index++)
        {
            var sensor = new Dht11Sensor(seed: 7, index, failureRate: 0);
            for (var minute = 0; minute < 24 * 60; minute += 5)
            {
                var reading = sensor.Read(Midnight.AddMinutes(minute));
                Assert.NotNull(reading);
                Assert.InRange(reading.Temperature, Dht11Sensor.MinTemperature, Dht11Sensor.MaxTemperature);
                Assert.InRange(reading.Humidity, Dht11Sensor.MinHumidity, Dht11Sensor.MaxHumidity);
                Assert.Equal(sensor.Hostname, reading.Hostname);
            }
        }
    }

    [Fact]
    public void Afternoons_are_warmer_and_drier_than_nights()
    {
        var afternoon = Mean(15);
        var night = Mean(3);

        Assert.True(afternoon.Temperature > night.Temperature + 5, $"afternoon {afternoon.Temperature:0.0} °C, night {night.Temperature:0.0} °C");
        Assert.True(afternoon.Humidity < night.Humidity - 15, $"afternoon {afternoon.Humidity:0.0} %, night {night.Humidity:0.0} %");
    }

    [Fact]
    public void Readings_vary_from_one_read_to_the_next()
    {
        var sensor = new Dht11Sensor(seed: 1, index: 0, failureRate: 0);
        var readings = Enumerable.Range(0, 200).Select(_ => sensor.Read(Midnight.AddHours(12))!).ToList();

        Assert.True(readings.Select(r => r.Humidity).Distinct().Count() > 3, "humidity has noise");
        Assert.True(readings.Select(r => r.Temperature).Distinct().Count() > 1, "temperature has noise");
    }

    [Theory]
    [InlineData(0.0, 0, 0)]
    [InlineData(1.0, 10_000, 10_000)]
    [InlineData(0.05, 300, 700)]
    public void The_failure_rate_decides_how_many_reads_publish_nothing(double rate, int atLeast, int atMost)
    {
        var sensor = new Dht11Sensor(seed: 3, index: 0, rate);

        var failed = Enumerable.Range(0, 10_000).Count(i => sensor.Read(Midnight.AddSeconds(i * 10)) is null);

        Assert.InRange(failed, atLeast, atMost);
    }

    [Fact]
    public void The_same_seed_gives_the_same_readings_and_another_seed_others()
    {
        static List<Dht11Reading?> Run(int seed, int index)
        {
            var sensor = new Dht11Sensor(seed, index, failureRate: 0.1);
            return Enumerable.Range(0, 100).Select(i => sensor.Read(Midnight.AddMinutes(i * 7))).ToList();
        }

        Assert.Equal(Run(42, 3), Run(42, 3));
        Assert.NotEqual(Run(42, 3), Run(43, 3));
        Assert.NotEqual(Run(42, 3), Run(42, 4));
    }

    [Fact]
    public void The_payload_is_the_thesis_JSON()
    {
        var json = new Dht11Reading(24, 19, "ESP_145DD7").ToJson();

        Assert.Equal("""{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}""", System.Text.Encoding.UTF8.GetString(json));
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(24, parsed.RootElement.GetProperty("temperature").GetInt32());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_failure_rate_outside_0_to_1_is_refused(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dht11Sensor(1, 0, rate));

    private static (double Temperature, double Humidity) Mean(int hour)
    {
        var readings = Enumerable.Range(0, 50)
            .SelectMany(index =>
            {
                var sensor = new Dht11Sensor(seed: 11, index, failureRate: 0);
                return Enumerable.Range(0, 20).Select(i => sensor.Read(Midnight.AddHours(hour).AddMinutes(i))!);
            })
            .ToList();
        return (readings.Average(r => r.Temperature), readings.Average(r => r.Humidity));
    }
}
