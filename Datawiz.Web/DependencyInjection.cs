using Datawiz.Infrastructure;
using Datawiz.Web.Accounts;
using Datawiz.Web.Broker;
using Datawiz.Web.Components;
using Datawiz.Web.Endpoints;
using Datawiz.Web.Operations;
using Datawiz.Web.Security;
using Datawiz.Web.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Datawiz.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddDatawizWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Messages at the bottom: at the top they covered the page's header buttons for seconds.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
        services.AddSingleton<MetricsExporter>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        services.AddScoped<CurrentActor>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "datawiz.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            cookie.SlidingExpiration = true;
            cookie.RefuseEndedSessions();
            // Signing in on the login path makes the cookie handler redirect to the request's own ReturnUrl, raw:
            // a character outside ASCII there is refused by Kestrel as a header, failing the sign-in with a 500.
            cookie.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LocalUrl.OrHome(context.RedirectUri));
                return Task.CompletedTask;
            };
            // A script calling the API wants a status it can act on, not the login page's HTML.
            cookie.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization(Policies.Configure);
        services.AddSignalR();
        services.AddSingleton<HubWatches>();
        // The hub's address carries a personal access token in its query string (access_token; browsers cannot set
        // headers on WebSockets), and the request log writes whole addresses: it is never written, whatever the
        // configured levels say (a rule in code comes after those of the configuration and wins).
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level => level >= LogLevel.Warning));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "datawiz.antiforgery";
            // Secure whenever the request came over HTTPS (directly or through a trusted proxy); the framework's default never is.
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddValidatedSettings<RateLimitingOptions>(configuration, RateLimitingOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitingOptions>>((options, limits) => RateLimiting.Configure(options, limits.Value));
        services.AddValidatedSettings<SecurityHeadersOptions>(configuration, SecurityHeadersOptions.Section);
        services.AddValidatedSettings<ForwardedHeadersSettings>(configuration, ForwardedHeadersSettings.Section);
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ForwardedHeadersSettings>>((options, settings) => settings.Value.ApplyTo(options));
        return services;
    }

    public static WebApplication UseDatawizWeb(this WebApplication app)
    {
        // First, so that everything after it (HSTS, rate limits, cookies) sees the client's address and scheme.
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.TrustsAnyProxy)
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // Requests that are not page views (refused form posts, other methods) get a small page written directly,
        // which works for any method; page views (GET) are re-executed inside the portal, in its shell and theme,
        // keeping their status. The plain page sits outside, so it steps in only when the portal page did not.
        app.UseStatusCodePages(StatusCodePage.WriteAsync);
        app.UseWhen(
            context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method),
            pageViews => pageViews.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
        // Routing after the re-execution, so a re-executed page view is routed to the status page again
        // (left implicit, routing would run first, once, and the status page would never be found).
        app.UseRouting();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<AntiforgeryFailureMiddleware>();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) }).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapThemeEndpoints();
        app.MapTelemetryEndpoints();
        app.MapHistoryEndpoints();
        app.MapHub<TelemetryHub>(TelemetryHub.Route).RequireAuthorization(Policies.ApiUser);
        // Listening from start-up, so that /metrics counts from the first message, not from its first scrape.
        app.Services.GetRequiredService<MetricsExporter>();
        app.MapBroker();
        app.MapRazorComponents<App>()
            // SecurityHeadersMiddleware already forbids all framing; Blazor's own, laxer header would be a second policy.
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments(TelemetryHub.Route, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
