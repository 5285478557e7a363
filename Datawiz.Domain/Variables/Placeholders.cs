using System.Text.RegularExpressions;

namespace Datawiz.Domain.Variables;

/// <summary>What a scan of a template found: the keys it uses and the <c>{{…}}</c> that are not keys.</summary>
public sealed record PlaceholderScan(IReadOnlyList<string> Keys, IReadOnlyList<string> Malformed);

/// <summary>
/// The one definition of a placeholder, <c>{{KEY}}</c> (spaces inside the braces allowed), shared by
/// device-code templates, application manifests and the renderer that fills them.
/// </summary>
public static partial class Placeholders
{
    /// <returns>The distinct keys in order of first use; anything else between double braces is malformed
    /// (device code may mean it, e.g. C's <c>{{0}}</c>; a manifest never does).</returns>
    public static PlaceholderScan Scan(string text)
    {
        var keys = new List<string>();
        var malformed = new List<string>();
        foreach (Match match in Braces().Matches(text))
        {
            var inner = match.Groups[1].Value.Trim();
            var (list, item) = VariableRules.IsValidKey(inner) ? (keys, inner) : (malformed, match.Value);
            if (!list.Contains(item, StringComparer.Ordinal))
            {
                list.Add(item);
            }
        }
        return new PlaceholderScan(keys, malformed);
    }

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Braces();
}
