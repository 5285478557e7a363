using System.Security.Claims;
using Datawiz.Domain.Accounts;
using Datawiz.Infrastructure.Accounts;

namespace Datawiz.Web.Components.Shared;

/// <summary>Where the viewer's zone came from.</summary>
public enum TimeZoneSource
{
    /// <summary>Nothing known yet: UTC.</summary>
    Default,

    /// <summary>The zone the browser reported (remembered in a cookie).</summary>
    Browser,

    /// <summary>The zone chosen in the profile, which wins over the browser's.</summary>
    Profile,
}

/// <summary>The time zone in which a viewer reads every time the portal shows.</summary>
public sealed record ViewerTimeZone(TimeZoneInfo Zone, TimeZoneSource Source)
{
    /// <summary>The cookie <c>wwwroot/js/timezone.js</c> writes.</summary>
    public const string CookieName = "datawiz-tz";

    public static ViewerTimeZone Utc { get; } = new(TimeZoneInfo.Utc, TimeZoneSource.Default);

    /// <summary>The profile's zone, else the browser's, else UTC; an id that names no zone is passed over.</summary>
    public static ViewerTimeZone Resolve(string? profileZone, string? browserZone) =>
        TimeZoneRules.Find(profileZone) is { } chosen ? new ViewerTimeZone(chosen, TimeZoneSource.Profile)
        : TimeZoneRules.Find(browserZone) is { } reported ? new ViewerTimeZone(reported, TimeZoneSource.Browser)
        : Utc;

    public static string? ProfileZoneOf(ClaimsPrincipal user) => user.FindFirstValue(DatawizClaims.TimeZone);
}
