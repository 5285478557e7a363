using Microsoft.AspNetCore.SignalR;

namespace Datawiz.Web.Telemetry;

/// <summary>
/// Live readings for external clients (scripts, dashboards of their own) over SignalR: a connection signed in with
/// the portal's cookie or a personal access token watches the sensors it may see, and gets their committed readings
/// as <c>readings</c> messages, coalesced like the portal's own pages.
/// </summary>
/// <remarks>Hubs live for one call; what a connection watches is kept by <see cref="HubWatches"/>.</remarks>
public sealed class TelemetryHub(HubWatches watches) : Hub
{
    public const string Route = "/hubs/telemetry";

    /// <summary>Where SignalR's clients put the token when they cannot send a header (WebSockets, server-sent events).</summary>
    public const string AccessTokenParameter = "access_token";

    /// <summary>The client method each update calls, with a <see cref="HubReadings"/>.</summary>
    public const string ReadingsMethod = "readings";

    public override Task OnConnectedAsync()
    {
        watches.Open(Context);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watches.Close(Context.ConnectionId);
        return Task.CompletedTask;
    }

    /// <summary>Starts sending the sensor's readings; refused with "The sensor was not found." for one the caller may not see.</summary>
    public Task Watch(Guid sensorId) => watches.WatchAsync(Context.ConnectionId, sensorId, Context.ConnectionAborted);

    /// <summary>Stops sending the sensor's readings (nothing happens for one not watched).</summary>
    public void Unwatch(Guid sensorId) => watches.Unwatch(Context.ConnectionId, sensorId);
}
