using System.Diagnostics.Metrics;
using Datawiz.Infrastructure.Broker;
using Datawiz.Web.Tests.Harness;
using MQTTnet;
using MQTTnet.Formatter;
using Microsoft.Extensions.DependencyInjection;

namespace Datawiz.Web.Tests.Broker;

/// <summary>Repeated failed connects from one address are refused for a growing while; the broker's meter counts them.</summary>
/// <remarks>Each test starts an app of its own: the throttle is per address, and every test connects from 127.0.0.1.</remarks>
public sealed class ConnectThrottleTests
{
    [Fact]
    public async Task After_repeated_failures_even_the_right_password_waits_until_the_delay_has_passed()
    {
        await using var app = new SqliteApp();
        app.Settings["Mqtt:FailedConnectsBeforeDelay"] = "3";
        app.Settings["Mqtt:MaxFailedConnectDelay"] = "00:01:00";
        await app.InitializeAsync();
        using var refusals = new RefusalCounter(app.Services.GetRequiredService<IMeterFactory>());
        var sensor = await app.NewSensorAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await ResultAsync(app, sensor.Username, "wrong"));
        }

        Assert.Equal(MqttClientConnectResultCode.ConnectionRateExceeded, await ResultAsync(app, sensor.Username, sensor.Password));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(MqttClientConnectResultCode.Success, await ResultAsync(app, sensor.Username, sensor.Password));
        Assert.Equal(3, refusals.For("bad_credentials"));
        Assert.Equal(1, refusals.For("throttled"));
    }

    [Fact]
    public void The_throttle_remembers_a_bounded_number_of_addresses()
    {
        var throttle = new ConnectThrottle(Microsoft.Extensions.Options.Options.Create(new MqttOptions()), new TestClock());

        for (var i = 0; i < ConnectThrottle.MaxTrackedAddresses + 500; i++)
        {
            throttle.Failed(new System.Net.IPAddress(BitConverter.GetBytes(i + 1)));
        }

        Assert.True(throttle.TrackedAddresses <= ConnectThrottle.MaxTrackedAddresses);
    }

    private static async Task<MqttClientConnectResultCode> ResultAsync(DatawizApp app, string username, string password)
    {
        var (client, result) = await app.TryConnectAsync(app.Options(MqttTransport.Tcp, MqttProtocolVersion.V500, username, password));
        client.Dispose();
        return result.ResultCode;
    }

    /// <summary>Listens to the Datawiz.Broker meter's refused-connects counter, by reason.</summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Dictionary<string, long> counts = [];

        // Only this app's meter: apps of other tests run in the same process and refuse connects too.
        public RefusalCounter(IMeterFactory meters)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == BrokerMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "datawiz.broker.refused_connects")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && tag.Value is string reason)
                    {
                        lock (counts)
                        {
                            counts[reason] = counts.GetValueOrDefault(reason) + value;
                        }
                    }
                }
            });
            listener.Start();
        }

        public long For(string reason)
        {
            lock (counts)
            {
                return counts.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
