using Datawiz.Infrastructure;
using Datawiz.Web.Accounts;
using Datawiz.Web.Broker;
using Datawiz.Web.Components;
using Datawiz.Web.Endpoints;
using Datawiz.Web.Security;
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
        services.AddMudServices();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        services.AddScoped<CurrentActor>();
        services.AddScoped<Notifications.NotificationSignal>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
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
        });
        services.AddAuthorization(Policies.Configure);
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
        app.UseStatusCodePages(StatusCodePage.WriteAsync);
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
        app.MapBroker();
        app.MapRazorComponents<App>()
            // SecurityHeadersMiddleware already forbids all framing; Blazor's own, laxer header would be a second policy.
            .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
