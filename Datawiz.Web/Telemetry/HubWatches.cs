using System.Collections.Concurrent;
using Datawiz.Domain.Common;
using Datawiz.Infrastructure.Accounts;
using Datawiz.Infrastructure.Telemetry;
using Datawiz.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Datawiz.Web.Telemetry;

/// <summary>
/// What each connection of the <see cref="TelemetryHub"/> watches, and its one <see cref="LiveReadings"/> view: made on
/// its first Watch, extended by later ones, disposed when it disconnects.
/// </summary>
/// <remarks>
/// Access is checked on every Watch. It can end later: a share revoked, the account suspended, its role changed, the
/// token revoked or expired, the cookie signed out. Ended sessions and revoked tokens close the connection at once on
/// this replica (<see cref="AccountSessions"/>, <see cref="AccessTokenAuthenticator.Revoked"/>). Everything else,
/// and those on another replica, is caught by a re-check before an update is sent once <see cref="RecheckInterval"/>
/// has passed since the last: the sign-in is checked again and the sensors the caller may no longer see are dropped.
/// A connection that gets no updates has nothing to leak, so the gap is at most that interval of readings.
/// </remarks>
public sealed partial class HubWatches : IDisposable
{
    public const int MaxSensorsPerConnection = 100;

    public const string NotFound = "The sensor was not found.";

    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Connection> connections = new(StringComparer.Ordinal);
    private readonly LiveReadings live;
    private readonly LiveSensorAccess access;
    private readonly AccessTokenAuthenticator tokens;
    private readonly AccountSessions sessions;
    private readonly IHubContext<TelemetryHub> hub;
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private readonly ILogger<HubWatches> logger;

    public HubWatches(
        LiveReadings live, LiveSensorAccess access, AccessTokenAuthenticator tokens, AccountSessions sessions, IHubContext<TelemetryHub> hub,
        IServiceScopeFactory scopes, TimeProvider clock, ILogger<HubWatches> logger)
    {
        this.live = live;
        this.access = access;
        this.tokens = tokens;
        this.sessions = sessions;
        this.hub = hub;
        this.scopes = scopes;
        this.clock = clock;
        this.logger = logger;
        tokens.Revoked += CloseTokenConnections;
    }

    public void Open(HubCallerContext context)
    {
        var user = context.User ?? throw new InvalidOperationException("The hub requires a signed-in caller.");
        var actor = CurrentActor.From(user) ?? throw new InvalidOperationException("The hub requires a signed-in caller.");
        var connection = new Connection(context, actor, AccessTokenAuthenticationHandler.TokenIdOf(user), clock.GetUtcNow());
        connection.SessionWatch = sessions.Watch(user, _ =>
        {
            LogClosed(connection.Context.ConnectionId, "the account's sessions ended");
            connection.Context.Abort();
            return Task.CompletedTask;
        });
        connections[context.ConnectionId] = connection;
    }

    public void Close(string connectionId)
    {
        if (connections.TryRemove(connectionId, out var connection))
        {
            connection.Dispose();
        }
    }

    public async Task WatchAsync(string connectionId, Guid sensorId, CancellationToken cancellationToken)
    {
        if (!connections.TryGetValue(connectionId, out var connection))
        {
            throw new HubException(NotFound);
        }
        if (connection.IsWatching(sensorId))
        {
            return;
        }
        if (connection.Count >= MaxSensorsPerConnection)
        {
            throw new HubException($"A connection watches at most {MaxSensorsPerConnection} sensors: unwatch one first, or open another connection.");
        }
        if (!await access.CanSeeAsync(connection.Actor, sensorId, cancellationToken))
        {
            throw new HubException(NotFound);
        }
        connection.Add(sensorId, () => live.Subscribe([], (updates, token) => SendAsync(connection, updates, token)));
    }

    public void Unwatch(string connectionId, Guid sensorId)
    {
        if (connections.TryGetValue(connectionId, out var connection))
        {
            connection.Remove(sensorId);
        }
    }

    private async Task SendAsync(Connection connection, IReadOnlyList<SensorUpdate> updates, CancellationToken cancellationToken)
    {
        if (connection.IsRecheckDue(clock.GetUtcNow(), RecheckInterval) && !await RecheckAsync(connection, cancellationToken))
        {
            return;
        }
        var client = hub.Clients.Client(connection.Context.ConnectionId);
        foreach (var update in updates)
        {
            // Readings gathered before an Unwatch may still be in this update.
            if (connection.IsWatching(update.SensorId))
            {
                await client.SendAsync(TelemetryHub.ReadingsMethod, HubReadings.From(update), cancellationToken);
            }
        }
    }

    /// <returns>False when the connection was closed because its sign-in no longer holds.</returns>
    private async Task<bool> RecheckAsync(Connection connection, CancellationToken cancellationToken)
    {
        connection.Rechecked(clock.GetUtcNow());
        if (!await SignInHoldsAsync(connection, cancellationToken))
        {
            LogClosed(connection.Context.ConnectionId, "its sign-in no longer holds");
            connection.Context.Abort();
            return false;
        }
        var watched = connection.Watched();
        var visible = await access.VisibleAmongAsync(connection.Actor, watched, cancellationToken);
        foreach (var sensorId in watched.Where(id => !visible.Contains(id)))
        {
            connection.Remove(sensorId);
        }
        return true;
    }

    private async Task<bool> SignInHoldsAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (connection.TokenId is { } tokenId)
        {
            return await tokens.IsStillValidAsync(tokenId, cancellationToken);
        }
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        return await signIn.ValidateSecurityStampAsync(connection.Context.User) is not null;
    }

    private void CloseTokenConnections(Guid tokenId)
    {
        foreach (var connection in connections.Values.Where(c => c.TokenId == tokenId))
        {
            LogClosed(connection.Context.ConnectionId, "its access token was revoked");
            connection.Context.Abort();
        }
    }

    public void Dispose()
    {
        tokens.Revoked -= CloseTokenConnections;
        foreach (var connection in connections.Values)
        {
            connection.Dispose();
        }
        connections.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed telemetry hub connection {ConnectionId}: {Reason}")]
    private partial void LogClosed(string connectionId, string reason);

    private sealed class Connection(HubCallerContext context, Actor actor, Guid? tokenId, DateTimeOffset checkedAt) : IDisposable
    {
        private readonly Lock gate = new();
        private readonly HashSet<Guid> watched = [];
        private LiveReadingsView? view;
        private DateTimeOffset checkedAt = checkedAt;
        private bool disposed;

        public HubCallerContext Context { get; } = context;

        public Actor Actor { get; } = actor;

        public Guid? TokenId { get; } = tokenId;

        public IDisposable? SessionWatch { get; set; }

        public int Count
        {
            get
            {
                lock (gate)
                {
                    return watched.Count;
                }
            }
        }

        public bool IsWatching(Guid sensorId)
        {
            lock (gate)
            {
                return watched.Contains(sensorId);
            }
        }

        public List<Guid> Watched()
        {
            lock (gate)
            {
                return [.. watched];
            }
        }

        public void Add(Guid sensorId, Func<LiveReadingsView> subscribe)
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
                view ??= subscribe();
                watched.Add(sensorId);
                view.Add(sensorId);
            }
        }

        public void Remove(Guid sensorId)
        {
            lock (gate)
            {
                watched.Remove(sensorId);
                view?.Remove(sensorId);
            }
        }

        public bool IsRecheckDue(DateTimeOffset now, TimeSpan interval)
        {
            lock (gate)
            {
                return now - checkedAt >= interval;
            }
        }

        public void Rechecked(DateTimeOffset now)
        {
            lock (gate)
            {
                checkedAt = now;
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                view?.Dispose();
                view = null;
                watched.Clear();
            }
            SessionWatch?.Dispose();
        }
    }
}
