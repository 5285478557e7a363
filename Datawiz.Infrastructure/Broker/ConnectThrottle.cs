using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Broker;

/// <summary>
/// Slows down password guessing over MQTT: after <see cref="MqttOptions.FailedConnectsBeforeDelay"/> failed
/// connects from one address, that address is refused for a wait that doubles with each further failure, up
/// to <see cref="MqttOptions.MaxFailedConnectDelay"/>. Refusing (rather than holding the connection open while
/// waiting) costs the broker nothing per attempt. At most <see cref="MaxTrackedAddresses"/> addresses are
/// remembered, so a spray from many addresses cannot grow memory without bound.
/// </summary>
public sealed class ConnectThrottle(IOptions<MqttOptions> options, TimeProvider clock)
{
    public const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Failures> failures = new();

    public int TrackedAddresses => failures.Count;

    /// <summary>How long <paramref name="address"/> must still wait, or null when it may try now.</summary>
    public TimeSpan? WaitFor(IPAddress? address)
    {
        if (address is null || !failures.TryGetValue(address, out var entry))
        {
            return null;
        }
        var wait = entry.BlockedUntil - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (failures.Count >= MaxTrackedAddresses && !failures.ContainsKey(address))
        {
            Prune(now);
        }
        failures.AddOrUpdate(address, _ => Next(new Failures(0, now, now), now), (_, entry) => Next(IsStale(entry, now) ? new Failures(0, now, now) : entry, now));
    }

    public void Succeeded(IPAddress? address)
    {
        if (address is not null)
        {
            failures.TryRemove(address, out _);
        }
    }

    private Failures Next(Failures entry, DateTimeOffset now)
    {
        var count = entry.Count + 1;
        var settings = options.Value;
        var excess = count - settings.FailedConnectsBeforeDelay;
        if (excess < 0)
        {
            return new Failures(count, now, entry.BlockedUntil);
        }
        // 1 s, 2 s, 4 s … capped; the exponent is capped first so the shift cannot overflow.
        var wait = TimeSpan.FromSeconds(1L << Math.Min(excess, 20));
        return new Failures(count, now, now + (wait < settings.MaxFailedConnectDelay ? wait : settings.MaxFailedConnectDelay));
    }

    // An address that has not failed for the longest wait starts again from zero.
    private bool IsStale(Failures entry, DateTimeOffset now) => now - entry.LastFailureAt > options.Value.MaxFailedConnectDelay && now >= entry.BlockedUntil;

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, entry) in failures)
        {
            if (IsStale(entry, now))
            {
                failures.TryRemove(address, out _);
            }
        }
        // Still full of live entries: forget the half that failed longest ago rather than refusing to track newcomers.
        if (failures.Count >= MaxTrackedAddresses)
        {
            foreach (var (address, _) in failures.OrderBy(pair => pair.Value.LastFailureAt).Take(failures.Count / 2).ToList())
            {
                failures.TryRemove(address, out _);
            }
        }
    }

    private sealed record Failures(int Count, DateTimeOffset LastFailureAt, DateTimeOffset BlockedUntil);
}
