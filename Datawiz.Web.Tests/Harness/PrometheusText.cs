using System.Globalization;
using System.Text.RegularExpressions;

namespace Datawiz.Web.Tests.Harness;

/// <summary>Reads series out of the app's <c>/metrics</c> page.</summary>
public static class PrometheusText
{
    public static async Task<string> ScrapeAsync(this DatawizApp app)
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        return await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
    }

    /// <summary>The value of one series, or 0 while it has not appeared (a counter shows up once first counted).</summary>
    /// <remarks>A counter never counted still has its HELP and TYPE lines, which name it too: only a sample line counts.</remarks>
    public static double ValueOrZero(string text, string series) => Sample(text, series) is { Success: true } match ? Parse(match) : 0;

    /// <summary>The value of one series (name with its labels, as printed); fails when it is missing.</summary>
    public static double Value(string text, string series)
    {
        var match = Sample(text, series);
        Assert.True(match.Success, $"{series} is missing from:\n{text}");
        return Parse(match);
    }

    private static Match Sample(string text, string series) =>
        Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);

    private static double Parse(Match sample) => double.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture);
}
