namespace Datawiz.Web.Components.Layout;

/// <summary>
/// The visitor's light or dark choice, kept in a cookie so that pages rendered on the server (the
/// account forms, the first paint of every page) come out in it, with no flash of the other palette.
/// Written by the toggle: from script on interactive pages, by a form post on static ones.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "datawiz.theme";

    /// <summary>The name under which <see cref="Routes"/> cascades the remembered choice to the layouts.</summary>
    public const string CascadeName = "RememberedDarkMode";

    private const string Dark = "dark";
    private const string Light = "light";

    /// <summary>True for dark, false for light, null when the visitor never chose (the system's setting applies).</summary>
    public static bool? Read(HttpRequest request) => request.Cookies[Name] switch
    {
        Dark => true,
        Light => false,
        _ => null,
    };

    public static void Write(HttpResponse response, bool dark) =>
        response.Cookies.Append(Name, dark ? Dark : Light, new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            // Not HttpOnly: interactive pages write it from script, without a round trip that would reload them.
            HttpOnly = false,
            IsEssential = true,
        });
}
