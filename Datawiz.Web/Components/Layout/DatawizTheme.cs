using MudBlazor;

namespace Datawiz.Web.Components.Layout;

/// <summary>
/// The portal's one theme. Every colour is chosen for WCAG AA (4.5:1) both as text on the page and as a
/// filled background under its contrast text: MudBlazor's defaults (white on a bright green or orange,
/// white on light teal in dark mode) fall to about 2.2:1.
/// </summary>
public static class DatawizTheme
{
    /// <summary>The name of the cascading bool the main layout gives its pages: true while the dark palette is shown.</summary>
    public const string DarkModeCascade = "datawiz-dark-mode";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            // Dark, saturated colours under white text; darker still than MudBlazor's, which were made for looks.
            Primary = "#00695c",
            Secondary = "#3f51b5",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a14a00",
            Error = "#c62828",
            AppbarBackground = "#00695c",
            TextSecondary = "rgba(0,0,0,0.66)",
        },
        PaletteDark = new PaletteDark
        {
            // Light colours under near-black text: white on them would be 2.4:1. The "darken" shades are
            // what MudBlazor writes alert and chip text in, so on a dark page they must be lighter, not darker.
            Primary = "#4db6ac",
            PrimaryContrastText = "#111111",
            PrimaryDarken = "#80cbc4",
            Secondary = "#9fa8da",
            SecondaryContrastText = "#111111",
            SecondaryDarken = "#c5cae9",
            Info = "#64b5f6",
            InfoContrastText = "#111111",
            InfoDarken = "#90caf9",
            Success = "#66bb6a",
            SuccessContrastText = "#111111",
            SuccessDarken = "#a5d6a7",
            Warning = "#ffb74d",
            WarningContrastText = "#111111",
            WarningDarken = "#ffcc80",
            Error = "#ff8a80",
            ErrorContrastText = "#111111",
            ErrorDarken = "#ffcdd2",
            TextSecondary = "rgba(255,255,255,0.70)",
            ActionDefault = "rgba(255,255,255,0.80)",
        },
        Typography = new Typography
        {
            // No web fonts: the portal must look right on an isolated network.
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
