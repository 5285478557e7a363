using System.Collections.Concurrent;
using System.Security.Claims;
using Datawiz.Infrastructure.Live;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>An account's sessions were ended: only sign-ins carrying <paramref name="SecurityStamp"/> remain valid.</summary>
public sealed record SessionsEnded(string SecurityStamp);

/// <summary>
/// Ends an account's sign-ins at once when an administrator suspends, deletes or re-roles it: its open
/// circuits hear it through the live feed, and its cookies are refused on their next request. Without this
/// both would last until the periodic revalidation (<see cref="AccountOptions.RevalidationInterval"/>),
/// which stays the fallback (another replica, a restart).
/// </summary>
/// <remarks>
/// Sign-ins are told apart by their security stamp, not by times: a cookie's issue time is kept to the
/// second, and an account suspended and re-activated within one would otherwise refuse its own new sign-in.
/// A stamp is remembered only for one revalidation interval; after that the periodic check refuses the old
/// cookies by itself.
/// </remarks>
public sealed class AccountSessions(
    ILiveFeed<Guid, SessionsEnded> feed, TimeProvider clock, IOptions<AccountOptions> options, IOptions<IdentityOptions> identity)
{
    private readonly ConcurrentDictionary<Guid, (string Stamp, DateTimeOffset At)> current = new();

    /// <summary>Ends every sign-in of <paramref name="userId"/> that does not carry its new stamp.</summary>
    public void End(Guid userId, string newSecurityStamp)
    {
        var now = clock.GetUtcNow();
        current[userId] = (newSecurityStamp, now);
        foreach (var (id, entry) in current)
        {
            if (entry.At < now - options.Value.RevalidationInterval)
            {
                current.TryRemove(new KeyValuePair<Guid, (string, DateTimeOffset)>(id, entry));
            }
        }
        feed.Publish(userId, new SessionsEnded(newSecurityStamp));
    }

    /// <summary>Whether this sign-in was ended here lately (false when nothing is known: the periodic check decides then).</summary>
    public bool HasEnded(ClaimsPrincipal principal) =>
        UserId(principal) is { } id && current.TryGetValue(id, out var entry) && !IsCarriedBy(principal, entry.Stamp);

    /// <summary>Calls <paramref name="onEnded"/> when the sessions of the principal's account end and this one is among them.</summary>
    public IDisposable? Watch(ClaimsPrincipal principal, Func<CancellationToken, Task> onEnded) =>
        UserId(principal) is { } id
            ? feed.Subscribe(id, (ended, cancellationToken) => IsCarriedBy(principal, ended.SecurityStamp) ? Task.CompletedTask : onEnded(cancellationToken))
            : null;

    private bool IsCarriedBy(ClaimsPrincipal principal, string stamp) =>
        principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) == stamp;

    private static Guid? UserId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
