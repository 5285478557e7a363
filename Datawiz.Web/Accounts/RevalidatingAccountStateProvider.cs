using System.Security.Claims;
using Datawiz.Infrastructure.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Datawiz.Web.Accounts;

/// <summary>
/// A Blazor circuit outlives the request that opened it, so the cookie's own revalidation never runs
/// again. This ends the circuit's sign-in as soon as <see cref="AccountSessions"/> says the account's
/// sessions ended (suspended, deleted, role changed), and checks the account on the configured interval
/// as the fallback (a password changed elsewhere, an event on another replica).
/// </summary>
internal sealed class RevalidatingAccountStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<AccountOptions> options;
    private readonly AccountSessions sessions;
    private readonly Lock gate = new();
    private readonly AuthenticationStateChangedHandler onChanged;
    private IDisposable? watch;

    public RevalidatingAccountStateProvider(
        ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<AccountOptions> options, AccountSessions sessions)
        : base(loggerFactory)
    {
        this.scopes = scopes;
        this.options = options;
        this.sessions = sessions;
        onChanged = state => _ = WatchAsync(state);
        AuthenticationStateChanged += onChanged;
    }

    protected override TimeSpan RevalidationInterval =>
        options.Value.RevalidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        return await signIn.ValidateSecurityStampAsync(authenticationState.User) is not null;
    }

    private async Task WatchAsync(Task<AuthenticationState> state)
    {
        var user = (await state).User;
        var next = sessions.Watch(user, _ =>
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
            return Task.CompletedTask;
        });
        IDisposable? previous;
        lock (gate)
        {
            previous = watch;
            watch = next;
        }
        previous?.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            AuthenticationStateChanged -= onChanged;
            lock (gate)
            {
                watch?.Dispose();
                watch = null;
            }
        }
        base.Dispose(disposing);
    }
}
