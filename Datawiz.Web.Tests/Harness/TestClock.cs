namespace Datawiz.Web.Tests.Harness;

/// <summary>
/// The app's clock in tests: the wall clock, which a test can move ahead to jump past a lockout, an
/// interval or a moment in an ordering instead of waiting for it.
/// </summary>
/// <remarks>
/// Not a frozen fake: the portal relies on time passing between two requests (a cookie is revalidated
/// only once time has elapsed since it was issued) and on its timers firing, so the time read here keeps
/// running and timers stay real; <see cref="Advance"/> only adds to what it reads.
/// </remarks>
public sealed class TestClock : TimeProvider
{
    private long offsetTicks;

    /// <summary>How far this clock is ahead of the wall clock.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref offsetTicks, by.Ticks);
    }
}
