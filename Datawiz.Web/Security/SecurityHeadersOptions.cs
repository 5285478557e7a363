namespace Datawiz.Web.Security;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "Security";

    /// <summary>Image origins allowed besides the portal itself, e.g. a map tile server (<c>https://tile.example.org</c>).</summary>
    public IList<string> ExtraImageSources { get; } = [];
}
