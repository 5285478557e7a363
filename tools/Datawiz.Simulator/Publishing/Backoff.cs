namespace Datawiz.Simulator.Publishing;

/// <summary>
/// When to try connecting again: doubling from one second up to a cap, with jitter so that many sensors
/// losing the broker together do not all return in the same instant.
/// </summary>
public sealed class Backoff(TimeProvider clock, Random random)
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    private TimeSpan next = First;
    private DateTimeOffset notBefore = DateTimeOffset.MinValue;

    public bool MayTryNow => clock.GetUtcNow() >= notBefore;

    public void Failed()
    {
        var jitter = 0.8 + (random.NextDouble() * 0.4);
        notBefore = clock.GetUtcNow() + (next * jitter);
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, Cap.Ticks));
    }

    public void Succeeded()
    {
        next = First;
        notBefore = DateTimeOffset.MinValue;
    }
}
