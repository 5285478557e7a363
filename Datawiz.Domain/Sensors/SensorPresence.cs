namespace Datawiz.Domain.Sensors;

public enum Presence
{
    /// <summary>Nothing has arrived from the sensor yet.</summary>
    NeverSeen,

    Online,

    Offline,
}

/// <summary>Whether a sensor is sending as often as its owner said it would (its expected interval).</summary>
public static class SensorPresence
{
    /// <summary>
    /// For a sensor whose owner did not say: Tasmota's default telemetry period, and slower than the sketches
    /// (which send every few seconds to a minute), so that a new sensor is not shown offline between two messages.
    /// </summary>
    public static readonly TimeSpan DefaultExpectedInterval = TimeSpan.FromMinutes(5);

    public const int MinIntervalSeconds = 5;

    /// <summary>A day: a sensor that sends less often than that is better watched by its history than by being online.</summary>
    public const int MaxIntervalSeconds = 86_400;

    /// <summary>
    /// Intervals a sensor may miss before it is shown offline. Two, not one: a device's clock drifts, a message may
    /// wait for a reconnect, and readings are committed and last-seen times written in batches (up to a second
    /// late), so a healthy sensor's gaps are often a little longer than its interval; one missed message is noise,
    /// two in a row mean it has stopped.
    /// </summary>
    public const int MissedIntervalsBeforeOffline = 2;

    public static TimeSpan ExpectedInterval(int? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : DefaultExpectedInterval;

    public static Presence Of(DateTimeOffset? lastSeenAt, int? expectedIntervalSeconds, DateTimeOffset now) =>
        lastSeenAt is not { } seen ? Presence.NeverSeen
        : now - seen <= ExpectedInterval(expectedIntervalSeconds) * MissedIntervalsBeforeOffline ? Presence.Online
        : Presence.Offline;

    /// <summary>Why an expected interval typed in a form or a file cannot be kept, or null; null (the default) is fine.</summary>
    public static string? IntervalError(int? seconds) =>
        seconds is { } value && value is < MinIntervalSeconds or > MaxIntervalSeconds
            ? $"The expected interval must be from {MinIntervalSeconds} seconds to {MaxIntervalSeconds:N0} seconds (a day); leave it empty for {DefaultExpectedInterval.TotalMinutes:0} minutes."
            : null;
}
