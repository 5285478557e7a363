using System.Globalization;

namespace Datawiz.Web.Components.Pages.Sensors;

/// <summary>How counts and readings read on a sensor's page. Pure, so the wording is tested directly.</summary>
public static class TelemetryText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"12,345".</summary>
    public static string Count(long count) => count.ToString("N0", Invariant);

    /// <summary>"22.1 °C", "1,013.25 hPa", "0" ; very large or very small values in scientific notation, never rounded to 0.</summary>
    public static string Value(double value, string unit)
    {
        var magnitude = Math.Abs(value);
        var number = magnitude >= 1e9 || (magnitude > 0 && magnitude < 0.001)
            ? value.ToString("G4", Invariant)
            : value.ToString("#,0.###", Invariant);
        return string.IsNullOrWhiteSpace(unit) ? number : $"{number} {unit}";
    }
}
