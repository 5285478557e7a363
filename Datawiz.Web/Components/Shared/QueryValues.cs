using System.Globalization;

namespace Datawiz.Web.Components.Shared;

/// <summary>
/// Reads values that arrive in a page's query string. Pages bind their query parameters as strings and read
/// them here: Blazor throws while binding a typed parameter (<c>bool</c>, <c>Guid</c>, <c>int</c>) that does
/// not parse, which turns a mistyped or tampered link into a 500. A value that does not parse is ignored.
/// </summary>
public static class QueryValues
{
    /// <summary>True for <c>true</c>, <c>1</c>, <c>yes</c> and <c>on</c> (any case); anything else is false.</summary>
    public static bool Flag(string? value) =>
        value?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    /// <summary>The id in <paramref name="value"/>, or null when it is missing or no id.</summary>
    public static Guid? Id(string? value) =>
        Guid.TryParse(value, CultureInfo.InvariantCulture, out var id) ? id : null;
}
