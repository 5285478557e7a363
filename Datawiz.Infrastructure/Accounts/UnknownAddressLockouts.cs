using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Datawiz.Infrastructure.Accounts;

/// <summary>
/// Failed sign-ins with addresses that have no account, counted as <see cref="DatawizUserManager"/> counts a
/// real account's: the lockout message comes after as many failures and lasts as long, so it does not tell
/// anyone which addresses have accounts.
/// </summary>
/// <remarks>
/// Kept in this process's memory, for at most <see cref="MaxTracked"/> addresses (the oldest are forgotten
/// first); the sign-in rate limit keeps one client far below that. With several replicas each counts its
/// own failures, as it does not for real accounts.
/// </remarks>
public sealed class UnknownAddressLockouts(IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> tracked = new(StringComparer.Ordinal);

    /// <summary>Until when the address is locked, if it is now.</summary>
    public DateTimeOffset? LockedUntil(string normalizedEmail) =>
        tracked.TryGetValue(normalizedEmail, out var entry) && entry.LockedUntil is { } until && until >= clock.GetUtcNow() ? until : null;

    /// <summary>Counts a failure; the one that reaches the limit locks the address from now on.</summary>
    /// <returns>Until when the address is locked, if this failure locked it.</returns>
    public DateTimeOffset? Failed(string normalizedEmail)
    {
        var now = clock.GetUtcNow();
        var lockout = identity.Value.Lockout;
        if (tracked.Count >= MaxTracked && !tracked.ContainsKey(normalizedEmail))
        {
            Forget();
        }
        var entry = tracked.AddOrUpdate(
            normalizedEmail,
            _ => Next(new Failures(0, null, now)),
            (_, previous) => Next(previous));
        return entry.Count == 0 ? entry.LockedUntil : null;

        Failures Next(Failures previous)
        {
            var count = previous.Count + 1;
            // As for an account, the count starts again once a lockout begins.
            return count >= lockout.MaxFailedAccessAttempts
                ? new Failures(0, now.Add(lockout.DefaultLockoutTimeSpan), now)
                : previous with { Count = count, LastFailure = now };
        }
    }

    private void Forget()
    {
        foreach (var oldest in tracked.OrderBy(pair => pair.Value.LastFailure).Take(MaxTracked / 10).ToList())
        {
            tracked.TryRemove(oldest);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);
}
