using System.ComponentModel.DataAnnotations;

namespace Datawiz.Web.Security;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityHeadersOptions : IValidatableObject
{
    public const string Section = "Security";

    /// <summary>Image origins allowed besides the portal itself, e.g. a map tile server (<c>https://tile.example.org</c>).</summary>
    public IList<string> ExtraImageSources { get; } = [];

    // Each source is written into the Content-Security-Policy as it is: a space, comma, semicolon or quote
    // would end it and start another source or directive.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ExtraImageSources
            .Where(source => !(source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                || source.Any(c => char.IsWhiteSpace(c) || c is ';' or ',' or '\'' or '"'))
            .Select(source => new ValidationResult(
                $"{Section}:ExtraImageSources has '{source}', which is not an origin such as https://tile.example.org."));
}
