namespace Datawiz.Simulator.Publishing;

public enum SendStatus
{
    /// <summary>Accepted: PUBACK at QoS 1/2, handed to the socket at QoS 0, HTTP 202.</summary>
    Accepted,

    /// <summary>Not connected (or reconnecting after a back-off): the reading is dropped, as a real device drops it.</summary>
    Offline,

    /// <summary>Over the owner's message rate (HTTP 429, MQTT 5 QuotaExceeded).</summary>
    RateLimited,

    /// <summary>Refused or failed for another reason, given in <see cref="SendResult.Reason"/>.</summary>
    Failed,
}

public sealed record SendResult(SendStatus Status, string? Reason = null)
{
    public static readonly SendResult Accepted = new(SendStatus.Accepted);
}

/// <summary>How one simulated sensor reaches the portal (MQTT or HTTP): the boundary to the network.</summary>
public interface ITelemetryTransport : IAsyncDisposable
{
    Task<SendResult> SendAsync(byte[] payload, CancellationToken cancellationToken);
}
