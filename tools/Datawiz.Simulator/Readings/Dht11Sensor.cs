using System.Globalization;
using System.Text;

namespace Datawiz.Simulator.Readings;

/// <summary>One reading as an ESP8266 with a DHT11 reports it: whole degrees Celsius and whole percent humidity.</summary>
public sealed record Dht11Reading(int Temperature, int Humidity, string Hostname)
{
    /// <summary>The thesis' payload, <c>{"temperature":24,"humidity":19,"hostname":"ESP_145DD7"}</c>.</summary>
    public byte[] ToJson() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"temperature\":{Temperature},\"humidity\":{Humidity},\"hostname\":\"{Hostname}\"}}"));
}

/// <summary>
/// A simulated DHT11 in a room: a daily cycle (warmest mid-afternoon, when the air is driest), a per-sensor
/// offset so that sensors differ, measurement noise, the sensor's integer resolution and range (0–50 °C,
/// 20–90 % RH), and now and then a failed read, after which the device publishes nothing. The same seed and
/// index give the same readings, so a run can be repeated.
/// </summary>
public sealed class Dht11Sensor
{
    public const int MinTemperature = 0;
    public const int MaxTemperature = 50;
    public const int MinHumidity = 20;
    public const int MaxHumidity = 90;

    private const double MeanTemperature = 21;
    private const double TemperatureSwing = 4;
    private const double MeanHumidity = 55;
    private const double HumiditySwing = 12;
    private const double WarmestHour = 15;

    private readonly Random random;
    private readonly double failureRate;
    private readonly double temperatureOffset;
    private readonly double humidityOffset;

    /// <param name="failureRate">The share of reads that fail (a DHT11 misses a few in a hundred).</param>
    public Dht11Sensor(int seed, int index, double failureRate)
    {
        if (failureRate is < 0 or > 1 || double.IsNaN(failureRate))
        {
            throw new ArgumentOutOfRangeException(nameof(failureRate), failureRate, "The failure rate is a share between 0 and 1.");
        }
        // Mixing the index in (rather than seed + index) keeps neighbouring sensors of neighbouring seeds apart.
        random = new Random(HashCode.Combine(seed, index));
        this.failureRate = failureRate;
        temperatureOffset = (random.NextDouble() * 4) - 2;
        humidityOffset = (random.NextDouble() * 10) - 5;
        Hostname = "ESP_" + random.Next(0, 1 << 24).ToString("X6", CultureInfo.InvariantCulture);
    }

    public string Hostname { get; }

    /// <summary>The reading at <paramref name="localTime"/> (its time of day drives the cycle), or null for a failed read.</summary>
    public Dht11Reading? Read(DateTimeOffset localTime)
    {
        if (random.NextDouble() < failureRate)
        {
            return null;
        }
        var hours = localTime.TimeOfDay.TotalHours;
        var cycle = Math.Cos(2 * Math.PI * (hours - WarmestHour) / 24);
        var temperature = MeanTemperature + temperatureOffset + (TemperatureSwing * cycle) + Gaussian(0.5);
        var humidity = MeanHumidity + humidityOffset - (HumiditySwing * cycle) + Gaussian(2);
        return new Dht11Reading(
            Math.Clamp((int)Math.Round(temperature), MinTemperature, MaxTemperature),
            Math.Clamp((int)Math.Round(humidity), MinHumidity, MaxHumidity),
            Hostname);
    }

    /// <summary>Normal noise with the given standard deviation (Box–Muller).</summary>
    private double Gaussian(double deviation)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
