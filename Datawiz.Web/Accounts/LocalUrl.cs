namespace Datawiz.Web.Accounts;

public static class LocalUrl
{
    /// <summary>The given return address if it stays on this site, else the home page: no open redirects.</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            ? url
            : "/";
}
