using System.Collections.Concurrent;

namespace Datawiz.Infrastructure.Telemetry;

/// <summary>
/// The user class' messages-per-minute limit, per owner: every sensor of a user, over MQTT and HTTP, shares one
/// budget. Fixed one-minute windows from the owner's first message, on the app's clock.
/// </summary>
public sealed class MessageRateLimiter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, Budget> budgets = new();

    /// <summary>Takes one message from the owner's budget; false when this minute's budget is spent.</summary>
    public bool TryAcquire(Guid ownerId, int perMinute)
    {
        var budget = budgets.GetOrAdd(ownerId, _ => new Budget());
        var now = clock.GetUtcNow();
        lock (budget)
        {
            if (now >= budget.Start + Window)
            {
                budget.Start = now;
                budget.Used = 0;
            }
            if (budget.Used >= perMinute)
            {
                return false;
            }
            budget.Used++;
            return true;
        }
    }

    /// <summary>When the owner's budget is renewed (for <c>Retry-After</c>); zero when it has room.</summary>
    public TimeSpan RetryAfter(Guid ownerId)
    {
        if (!budgets.TryGetValue(ownerId, out var budget))
        {
            return TimeSpan.Zero;
        }
        lock (budget)
        {
            var left = budget.Start + Window - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private sealed class Budget
    {
        public DateTimeOffset Start { get; set; } = DateTimeOffset.MinValue;

        public int Used { get; set; }
    }
}
